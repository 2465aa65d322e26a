#!/bin/sh
# A training base's routine on the example files, in a fresh database
# (target/demo/meded.db), as the README's first command runs it: accounts,
# profiles (validate, fix, validate again), training information,
# submission to the province and its review; a CME office's credits and
# certificates; the teaching office's teachers and rotations; a CME
# office's technical archives and résumés; a season of recruitment (招录);
# another base's yearly rotation plan (排班).
#
# Each step is `run ARGS…` (meded must exit 0) or `expect CODE WHY ARGS…`
# (meded must exit CODE, for the reason WHY, which is printed): a step
# that exits otherwise stops the demo, saying so.
set -eu
cd "$(dirname "$0")/.."
# Say what the silence is before it starts: a first release build compiles
# every dependency and takes minutes.
if [ -x target/release/meded ]; then
	echo 'demo: building meded (cargo build --release; seconds when nothing changed) …' >&2
else
	echo 'demo: building meded for the first time (cargo build --release): this takes a few minutes …' >&2
fi
cargo build --release --quiet
echo 'demo: built; running the demo' >&2
mkdir -p target/demo
DB=target/demo/meded.db
rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.key"
export MEDED_ACTOR=示例医院管理员

# An argument as the shell would need it typed (quoted when it must be).
quote() {
	case $1 in
	'' | *[[:space:]\'\"\$\`\\\|\&\;\(\)\<\>\*\?\[\]\#\~]*)
		printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
	*) printf '%s' "$1" ;;
	esac
}

# expect CODE WHY ARGS…: shows `$ meded ARGS…`, runs it, and stops the demo
# unless it exits CODE; for a CODE other than 0, says why that is expected.
expect() {
	want=$1 why=$2
	shift 2
	line='$ meded'
	for a in "$@"; do
		line="$line $(quote "$a")"
	done
	printf '\n\033[1m%s\033[0m\n' "$line"
	got=0
	./target/release/meded --db "$DB" "$@" || got=$?
	if [ "$got" -ne "$want" ]; then
		printf '\033[1;31mdemo: this step exited %s, not %s as expected%s\033[0m\n' \
			"$got" "$want" "${why:+ ($why)}" >&2
		exit 1
	fi
	if [ "$want" -ne 0 ]; then
		printf '\033[2m→ exit %s expected: %s\033[0m\n' "$want" "$why"
	fi
}

# run ARGS…: a step that must succeed (exit 0).
run() { expect 0 '' "$@"; }

run org add --code H001 --name 示例医院 --province 四川 --kind base

run account import examples/roster.xlsx --org H001

expect 1 "five rows are refused (a wrong check character, a short phone number, an ID number Excel turned into a number, a year in words, a repeated ID number); fix-me.xlsx holds them with the reasons" \
	account import examples/roster-with-errors.csv --org H001 --errors target/demo/fix-me.xlsx

run profile import examples/profiles.xlsx --org H001

expect 1 "15 of the 25 profiles have errors; profile-problems.xlsx lists every one" \
	profile validate --org H001 --errors target/demo/profile-problems.xlsx

run profile import examples/profiles-fixed.xlsx --org H001

run profile validate --org H001

expect 1 "one row is refused (黄婷: 培训专业 is empty, and her record has none yet); the 24 others are imported" \
	training import examples/training.xlsx --org H001

expect 1 "one record is left out (黄婷: her training row was refused, so her training information is missing); the 24 others are submitted" \
	report submit --org H001 --year 2019

run audit return 110105199803262500 --reason 培训开始时间有误 --actor 省卫健委

run audit approve --org H001 --all --actor 省卫健委

run report status

# A hospital's CME office (继教).
export MEDED_ACTOR=继教办
run org add --code C017 --name 成都市第三人民医院 --province 四川 --kind cme --region-level 市州级

run account import examples/members.xlsx --org C017 --role member --approve

run credit import examples/credits.xlsx

run credit review --org C017 --approve

run credit-standard assign --org C017 --year 2017

expect 1 "five of the six members are short of their 2017 standard" \
	credit-standard check --year 2017 --org C017

run certificate 510104197503120446 --from 2015 --to 2017 -o target/demo/学分证明.pdf

run certificate --org C017 --from 2015 --to 2017 --out-dir target/demo/certificates

# The province exports what it approved: the tabs of the national
# collection, one workbook; and the CME office looks up a member's standards.
export MEDED_ACTOR=省卫健委
run report export --year 2019 -o target/demo/2019-新招收.xlsx

export MEDED_ACTOR=继教办
run credit-standard list 510104197503120446

# The base's teaching office (教学部): teachers (师资), their eligibility,
# the yearly recommendation and roster, and teachers for the residents'
# rotations of 2022.
export MEDED_ACTOR=教学部
expect 1 "one row is refused: a 骨干 teacher needs a 省级 or 国家级 teacher-training certificate" \
	teacher import examples/teachers.xlsx --org H001

run teacher events import examples/teacher-events.xlsx --org H001

expect 1 "four teachers are not eligible at 2022-01-01; the file says why and from when" \
	teacher check --org H001 --year 2022 --errors target/demo/不符合条件的师资.xlsx

expect 1 "陈燕 is not eligible: her teaching was rated 不合格 in 2020 and 2021" \
	teacher check --org H001 --year 2022 500103197909240845

# The province opens each year's batch; the teachers apply (我要报名) and
# the teaching office decides on their applications.
export MEDED_ACTOR=省卫健委
run teacher batch add 2021年度住院医师师资 --year 2021
run teacher batch add 2022年度住院医师师资 --year 2022

export MEDED_ACTOR=教学部
expect 1 "郑凯 has no account: his row was refused at import" \
	teacher apply --file examples/teachers.xlsx --org H001 --batch 2021年度住院医师师资

expect 1 "four of the file's teachers are not decided on: three are not eligible at 2021-01-01 (no --override), one has no account" \
	teacher review --file examples/teachers.xlsx --org H001 --batch 2021年度住院医师师资 --recommend

expect 1 "郑凯 has no account" \
	teacher apply --file examples/teachers.xlsx --org H001 --batch 2022年度住院医师师资

run teacher list --org H001 --batch 2022年度住院医师师资 --status 已提交 --title 中级 --years 3-

expect 1 "王强 (a medical damage incident) and 刘伟 (不合格 in 2021) are not eligible in 2022; the four others are recommended" \
	teacher review 510104197803120210 510107197208050421 510602198001170637 530102197611301050 11010519680415126X 36010219810619148X --year 2022 --recommend

run teacher review 511702198709031882 --year 2022 --recommend --override --reason 儿科带教师资不足,经教学委员会讨论同意

run teacher review 510104197002281671 --year 2022 --reject --reason 退休

run teacher list --org H001 --year 2022 --department 儿科

run teacher roster --org H001 --year 2022 -o target/demo/师资增减.xlsx
run teacher roster --org H001 --year 2022

run rotation import examples/rotations.xlsx --org H001

expect 1 "two rotations cannot be covered: 儿科's teachers are full that month, 眼科 has no teacher" \
	rotation assign --org H001 --auto

run rotation list --org H001 --date 2022-04-15

# The CME office's technical archives (技术档案): changes wait for review, then the
# résumés and 变更详情; the office's queries across its members.
export MEDED_ACTOR=继教办
run archive import examples/archive.xlsx --org C017

run archive pending --org C017

run archive review --org C017 --approve

run archive import examples/archive-update.xlsx --org C017

run archive show 510104197503120446

run archive review 510104197503120446 --approve

run archive changes 510104197503120446
run archive changes 510104197503120446 -o target/demo/变更详情.pdf

run archive resume 510104197503120446 -o target/demo/个人简历表.pdf

run archive resume --org C017 --out-dir target/demo/resumes

run credit list --org C017 --year 2017 --type 省级I类

run credit list --org C017 --from 2015 --to 2017 --totals

# Recruitment (招录): the province opens a batch with its window, the bases
# publish their plans, applicants apply inside the window (their accounts,
# profiles and applications as the recruitment platform exports them), the
# bases review within their places, and those approved become residents.
# Each command that depends on the time is given it with --now, so that the
# demo runs the same whatever the date.
export MEDED_ACTOR=省卫健委
IN='2025-03-10 12:00'
AFTER='2025-03-20 09:00'

run org add --code H002 --name 示例中医院 --province 福建 --kind base

run recruit open --year 2025 --batch 第一批 --from '2025-03-01 08:00' --until '2025-03-15 17:00'

run recruit plan import examples/recruit-plan.csv

run account import examples/applicants.csv --role applicant

run profile import examples/applicant-profiles.xlsx

expect 1 "three applications are refused: no places for 眼科 at H002, an unknown base H009, an incomplete profile" \
	recruit apply --file examples/applications.xlsx --now "$IN" --errors target/demo/refused-applications.xlsx

run recruit apply 350102199911110753 --org H001 --specialty 外科 --now "$IN"

run recruit status --now "$IN"

export MEDED_ACTOR=示例医院
expect 1 "黄志强 would exceed 内科's two places; the four others are approved" \
	recruit review --org H001 --all --approve --now "$IN"

run recruit review 350203199901080310 --org H001 --return --reason 内科名额已满,请改报其他专业

run recruit apply 350203199901080310 --org H001 --specialty 全科 --now "$IN"

run recruit review 350203199901080310 350203199904170426 --org H001 --approve

expect 1 "王浩然's application is approved: an approved application cannot be cancelled" \
	recruit cancel 350102199911110753 --now "$AFTER"

run recruit admit --org H001 --now "$AFTER"

run recruit status 350203199901080310

run account show 350102199803150117

# The yearly rotation plan (排班) of a third base: two cohorts of residents
# (2024's first year recorded), each specialty's programme, each
# department's monthly capacity; the plan of 2025–2026, recorded, and the
# teachers for its rotations.
export MEDED_ACTOR=教学部
run org add --code H003 --name '示例医院(排班)' --province 四川 --kind base

run account import examples/plan-roster.xlsx --org H003

run training import examples/plan-training.xlsx --org H003

run rotation import examples/plan-rotations-2024.xlsx --org H003

run rotation programme import examples/rotation-programme.xlsx --org H003

run rotation capacity import examples/department-capacity.xlsx --org H003

run rotation plan --org H003 --from 2025-09 --to 2026-08 --dry-run

run rotation plan --org H003 --from 2025-09 --to 2026-08 -o target/demo/排班.xlsx

run teacher import examples/plan-teachers.xlsx --org H003

for year in 2024 2025 2026; do
	run teacher batch add "${year}年度住院医师师资" --year "$year"
	run teacher apply --file examples/plan-teachers.xlsx --org H003 --batch "${year}年度住院医师师资"
	run teacher review --file examples/plan-teachers.xlsx --org H003 --year "$year" --recommend
done

run rotation assign --org H003 --auto

printf '\n\033[1mThe demo ran as described; its files are in target/demo.\033[0m\n'
