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
# The XML parts the *_content / *_sheet targets fuzz inside a sound archive.
mkdir -p fuzz/corpus/ods_content fuzz/corpus/xlsx_sheet
for f in fuzz/corpus/ods/*.ods; do
    unzip -p "$f" content.xml > "fuzz/corpus/ods_content/$(basename "$f" .ods).xml"
done
for f in examples/*.xlsx; do
    unzip -p "$f" xl/worksheets/sheet1.xml > "fuzz/corpus/xlsx_sheet/$(basename "$f" .xlsx).xml"
done
