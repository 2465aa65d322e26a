#!/bin/sh
# A training base's routine on the example files, in a fresh database
# (target/demo/meded.db), as the README's first command runs it: accounts,
# profiles (validate, fix, validate again), training information,
# submission to the province and its review; then a CME office: members,
# credits, standards, certificates, technical archives and résumés.
set -eu
cd "$(dirname "$0")/.."
cargo build --release --quiet
mkdir -p target/demo
DB=target/demo/meded.db
rm -f "$DB" "$DB-wal" "$DB-shm"
export MEDED_ACTOR=示例医院管理员
meded() { ./target/release/meded --db "$DB" "$@"; }
step() { printf '\n\033[1m$ meded %s\033[0m\n' "$*"; }

step org add --code H001 --name 示例医院 --province 四川 --kind base
meded org add --code H001 --name 示例医院 --province 四川 --kind base

step account import examples/roster.xlsx --org H001
meded account import examples/roster.xlsx --org H001

step account import examples/roster-with-errors.csv --org H001 --errors target/demo/fix-me.xlsx
meded account import examples/roster-with-errors.csv --org H001 --errors target/demo/fix-me.xlsx || true

step profile import examples/profiles.xlsx --org H001
meded profile import examples/profiles.xlsx --org H001

step profile validate --org H001 --errors target/demo/profile-problems.xlsx
meded profile validate --org H001 --errors target/demo/profile-problems.xlsx || true

step profile import examples/profiles-fixed.xlsx --org H001
meded profile import examples/profiles-fixed.xlsx --org H001

step profile validate --org H001
meded profile validate --org H001

step training import examples/training.xlsx --org H001
meded training import examples/training.xlsx --org H001

step report submit --org H001 --year 2019
meded report submit --org H001 --year 2019 || true

step audit return 110105199803262500 --reason 培训开始时间有误 --actor 省卫健委
meded audit return 110105199803262500 --reason 培训开始时间有误 --actor 省卫健委

step audit approve --org H001 --all --actor 省卫健委
meded audit approve --org H001 --all --actor 省卫健委

step report status
meded report status

# A hospital's CME office (继教).
export MEDED_ACTOR=继教办
step org add --code C017 --name 成都市第三人民医院 --province 四川 --kind cme --region-level 市州级
meded org add --code C017 --name 成都市第三人民医院 --province 四川 --kind cme --region-level 市州级

step account import examples/members.xlsx --org C017 --role member --approve
meded account import examples/members.xlsx --org C017 --role member --approve

step credit import examples/credits.xlsx
meded credit import examples/credits.xlsx

step credit review --org C017 --approve
meded credit review --org C017 --approve

step credit-standard assign --org C017 --year 2017
meded credit-standard assign --org C017 --year 2017

step credit-standard check --year 2017 --org C017
meded credit-standard check --year 2017 --org C017 || true

step certificate 510104197503120446 --from 2015 --to 2017 -o target/demo/学分证明.pdf
meded certificate 510104197503120446 --from 2015 --to 2017 -o target/demo/学分证明.pdf

step certificate --org C017 --from 2015 --to 2017 --out-dir target/demo/certificates
meded certificate --org C017 --from 2015 --to 2017 --out-dir target/demo/certificates

# The unit's technical archives (技术档案): changes wait for review, then the
# résumés and 变更详情; the office's queries across its members.
step archive import examples/archive.xlsx --org C017
meded archive import examples/archive.xlsx --org C017

step archive pending --org C017
meded archive pending --org C017

step archive review --org C017 --approve
meded archive review --org C017 --approve

step archive import examples/archive-update.xlsx --org C017
meded archive import examples/archive-update.xlsx --org C017

step archive show 510104197503120446
meded archive show 510104197503120446

step archive review 510104197503120446 --approve
meded archive review 510104197503120446 --approve

step archive changes 510104197503120446 -o target/demo/变更详情.pdf
meded archive changes 510104197503120446
meded archive changes 510104197503120446 -o target/demo/变更详情.pdf

step archive resume 510104197503120446 -o target/demo/个人简历表.pdf
meded archive resume 510104197503120446 -o target/demo/个人简历表.pdf

step archive resume --org C017 --out-dir target/demo/resumes
meded archive resume --org C017 --out-dir target/demo/resumes

step credit list --org C017 --year 2017 --type 省级I类
meded credit list --org C017 --year 2017 --type 省级I类

step credit list --org C017 --from 2015 --to 2017 --totals
meded credit list --org C017 --from 2015 --to 2017 --totals
