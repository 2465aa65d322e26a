#!/bin/sh
# Fills fuzz/corpus/<target>/ with the project's real spreadsheets (and a few
# generated ones) to start the fuzzers from. Run from the repository root.
set -e
mkdir -p fuzz/corpus/csv fuzz/corpus/xlsx fuzz/corpus/xls fuzz/corpus/ods
cp examples/*.csv fuzz/corpus/csv/
cp examples/*.xlsx fuzz/corpus/xlsx/
cp tests/fixtures/*.xls fuzz/corpus/xls/
cp tests/fixtures/*.ods fuzz/corpus/ods/
python3 fuzz/make-seeds.py fuzz/corpus
