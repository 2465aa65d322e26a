#!/bin/sh
# A training base's routine on the example files, in a fresh database
# (target/demo/meded.db), as the README's first command runs it: accounts,
# profiles (validate, fix, validate again), training information,
# submission to the province and its review; a CME office's credits and
# certificates; the teaching office's teachers and rotations; a CME
# office's technical archives and résumés; a season of recruitment (招录).
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

# The province exports what it approved: the tabs of the national
# collection, one workbook; and the CME office looks up a member's standards.
export MEDED_ACTOR=省卫健委
step report export --year 2019 -o target/demo/2019-新招收.xlsx
meded report export --year 2019 -o target/demo/2019-新招收.xlsx

export MEDED_ACTOR=继教办
step credit-standard list 510104197503120446
meded credit-standard list 510104197503120446

# The base's teaching office (教学部): teachers (师资), their eligibility,
# the yearly recommendation and roster, and teachers for the residents'
# rotations of 2022.
export MEDED_ACTOR=教学部
step teacher import examples/teachers.xlsx --org H001
meded teacher import examples/teachers.xlsx --org H001 || true

step teacher events import examples/teacher-events.xlsx --org H001
meded teacher events import examples/teacher-events.xlsx --org H001

step teacher check --org H001 --year 2022 --errors target/demo/不符合条件的师资.xlsx
meded teacher check --org H001 --year 2022 --errors target/demo/不符合条件的师资.xlsx || true

step teacher check --org H001 --year 2022 500103197909240845
meded teacher check --org H001 --year 2022 500103197909240845 || true

step teacher review --file examples/teachers.xlsx --org H001 --year 2021 --recommend
meded teacher review --file examples/teachers.xlsx --org H001 --year 2021 --recommend || true

step teacher review 510104197803120210 510107197208050421 510602198001170637 530102197611301050 11010519680415126X 36010219810619148X --year 2022 --recommend
meded teacher review 510104197803120210 510107197208050421 510602198001170637 530102197611301050 11010519680415126X 36010219810619148X --year 2022 --recommend || true

step teacher review 511702198709031882 --year 2022 --recommend --override --reason 儿科带教师资不足,经教学委员会讨论同意
meded teacher review 511702198709031882 --year 2022 --recommend --override --reason 儿科带教师资不足,经教学委员会讨论同意

step teacher review 510104197002281671 --year 2022 --reject --reason 退休
meded teacher review 510104197002281671 --year 2022 --reject --reason 退休

step teacher roster --org H001 --year 2022 -o target/demo/师资增减.xlsx
meded teacher roster --org H001 --year 2022 -o target/demo/师资增减.xlsx
meded teacher roster --org H001 --year 2022

step rotation import examples/rotations.xlsx --org H001
meded rotation import examples/rotations.xlsx --org H001

step rotation assign --org H001 --auto
meded rotation assign --org H001 --auto || true

step rotation list --org H001 --date 2022-04-15
meded rotation list --org H001 --date 2022-04-15
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

# Recruitment (招录): the province opens a batch with its window, the bases
# publish their plans, applicants apply inside the window (their accounts,
# profiles and applications as the recruitment platform exports them), the
# bases review within their places, and those approved become residents.
# Each command that depends on the time is given it with --now, so that the
# demo runs the same whatever the date.
export MEDED_ACTOR=省卫健委
IN='2025-03-10 12:00'
AFTER='2025-03-20 09:00'

step org add --code H002 --name 示例中医院 --province 福建 --kind base
meded org add --code H002 --name 示例中医院 --province 福建 --kind base

step recruit open --year 2025 --batch 第一批 --from "'2025-03-01 08:00'" --until "'2025-03-15 17:00'"
meded recruit open --year 2025 --batch 第一批 --from '2025-03-01 08:00' --until '2025-03-15 17:00'

step recruit plan import examples/recruit-plan.csv
meded recruit plan import examples/recruit-plan.csv

step account import examples/applicants.csv --role applicant
meded account import examples/applicants.csv --role applicant

step profile import examples/applicant-profiles.xlsx
meded profile import examples/applicant-profiles.xlsx

step recruit apply --file examples/applications.xlsx --now "'$IN'" --errors target/demo/refused-applications.xlsx
meded recruit apply --file examples/applications.xlsx --now "$IN" --errors target/demo/refused-applications.xlsx || true

step recruit apply 350102199911110753 --org H001 --specialty 外科 --now "'$IN'"
meded recruit apply 350102199911110753 --org H001 --specialty 外科 --now "$IN"

step recruit status --now "'$IN'"
meded recruit status --now "$IN"

export MEDED_ACTOR=示例医院
step recruit review --org H001 --all --approve --now "'$IN'"
meded recruit review --org H001 --all --approve --now "$IN" || true

step recruit review 350203199901080310 --org H001 --return --reason 内科名额已满,请改报其他专业
meded recruit review 350203199901080310 --org H001 --return --reason 内科名额已满,请改报其他专业

step recruit apply 350203199901080310 --org H001 --specialty 全科 --now "'$IN'"
meded recruit apply 350203199901080310 --org H001 --specialty 全科 --now "$IN"

step recruit review 350203199901080310 350203199904170426 --org H001 --approve
meded recruit review 350203199901080310 350203199904170426 --org H001 --approve

step recruit cancel 350102199911110753 --now "'$AFTER'"
meded recruit cancel 350102199911110753 --now "$AFTER" || true

step recruit admit --org H001 --now "'$AFTER'"
meded recruit admit --org H001 --now "$AFTER"

step recruit status 350203199901080310
meded recruit status 350203199901080310

step account show 350102199803150117
meded account show 350102199803150117
