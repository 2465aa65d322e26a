//! The Chinese texts of the command line: each command's summary and notes
//! (with examples), and each option's help, by the command's path. The
//! English texts stand beside the code; these are their Chinese versions,
//! which `meded --lang zh … --help` shows (see [`super::zh`]).
//!
//! Both tables are sorted by path, one entry per command or argument, so
//! that a new command's entries slot in where its path sorts. Every command
//! and argument needs an entry: the tests list any that are missing.

/// (command path, summary, notes after the options). The root is "".
/// The notes end with the same examples as the English help. A paragraph
/// is one line: it is broken to the terminal's width when shown, where
/// Chinese allows (see `super::zh::fill`); an indented line (a list entry)
/// continues under its own text.
pub const COMMANDS: &[(&str, &str, &str)] = &[
    (
        "",
        "住院医师规范化培训(住培)与继续医学教育(继教)的批量管理:\n账号、密码、个人信息、上报、审核、学分标准与学分证明,数据存于一个 SQLite 文件。",
        "\
示例:
  meded org add --code H001 --name 四川大学华西医院 --province 四川 --kind base
  meded account import examples/roster.xlsx --org H001
  meded account show 110101199003070011 --format json
  meded reset-password --org H001 --random --credentials passwords.xlsx
  meded profile import examples/profiles.xlsx --org H001
  meded profile validate --org H001 --errors fix-me.xlsx
  meded report submit --org H001 --year 2019
  meded audit approve --org H001 --all
  meded credit import credits.xlsx
  meded credit-standard check --year 2017 --org C017
  meded certificate --org C017 --from 2015 --to 2017 --out-dir certs/
  meded certificate verify 7KQ2-M9XD-4TWP
  meded template profile -o 个人信息.xlsx

退出码:0 完成;1 已完成,但发现数据问题(有行被拒收、校验有问题、有人员未达学分标准);2 用法错误或输入不合适;3 数据库或文件读写失败。",
    ),
    ("account", "账号:导入名单、列出、查看、密码", ""),
    (
        "account check-password",
        "核对从标准输入读入的密码:相符时退出码为 0,不符时为 1",
        "\
密码从标准输入读取(在终端上输入时不回显),从不写在命令行上:命令行会被其他用户和 shell 的历史记录看到。

示例:
  meded account check-password 110101199003070011
  printf '%s\\n' \"$PW\" | meded account check-password 110101199003070011",
    ),
    (
        "account delete",
        "删除误导入的账号(人员有误或证件号码有误)",
        "\
账号的证件号码不能修改:证件号码有误时,删除账号后重新导入。删除只用于纠正错误(离开基地的住院医师应把培训状态设为“退培”),因此记录已上报省级、该年度已锁定,或该人员在其他基地有记录时,拒绝删除。变更记录保留被删除的内容。

示例:
  meded account delete 110105199803262500 --org H001 --reason 证件号码录入错误",
    ),
    (
        "account import",
        "从名单表格(账号模板)批量创建账号",
        "\
列(在标题行之下按列名查找,顺序不限;可识别 * 标记、全角括号和英文列名,如 'ID Number'):
  住院医师(默认)   招收年份、姓名、证件类型、证件号码、手机号码
  --role member    姓名、证件类型、证件号码、手机号码、科室、技术职称
                   (可选:电子邮箱、参加继教)
  --role teacher   姓名、证件号码、手机号码
                   (可选:证件类型、科室、技术职称、电子邮箱)

住院医师在该基地获得一条培训记录(所填招收年份,培训状态“在培”)。在其他基地处于“在培”“延期”“暂停”或“结束”状态的人员会被拒收,直到那个基地把状态改为“退培”。继教人员登记为“单位待审”(等待单位审核),直到 `account review` 审核通过;--approve 则直接登记为“单位审核通过”,适用于单位导入本单位职工。导入同一基地已有的账号时跳过;加 --update 时姓名和手机号码按文件更新(证件类型和证件号码从不更改)。

示例:
  meded account import roster.xlsx --org H001
  meded account import roster.csv --org H001 --dry-run
  meded account import roster.xlsx --org H001 --errors fix-me.xlsx
  meded account import members.xlsx --org C017 --role member
  meded account import members.xlsx --org C017 --role member --approve
  meded account import roster.xlsx --org H001 --random-passwords --credentials pw.xlsx",
    ),
    (
        "account list",
        "列出账号",
        "\
示例:
  meded account list --org H001
  meded account list --format csv > accounts.csv",
    ),
    (
        "account review",
        "审核继教人员的注册(单位审核):通过或不通过",
        "\
继教人员注册后为“单位待审”;单位审核可以通过(“单位审核通过”:该人员可以登录,并按学分标准核查),也可以不通过(“单位审核不过”,附该人员能看到的原因)。审核不过的人员以后仍可审核通过。每次变更连同原因一并记录。有证件号码未能审核(无此账号、不是继教人员、属于其他机构)时退出码为 1。

示例:
  meded account review 110101199003070011 --approve
  meded account review 110101199003070011 --reject --reason '科室填写错误'
  meded account review --org C017 --approve          # C017 所有“单位待审”的人员",
    ),
    (
        "account set-default-password",
        "设置本系统某类账号的默认密码(从标准输入读取)",
        "\
未设置时使用各平台的默认密码:住院医师和师资为 000000(国家住培平台的),继教人员为 111111(继教平台的)。密码状态为“初始(默认密码)”的账号都使用该类账号的默认密码;密码只以哈希值保存。

示例:
  meded account set-default-password --role member",
    ),
    (
        "account set-password",
        "设置用户自选的密码(从标准输入读取),须符合密码规则",
        "\
密码规则:8–16 位,须同时包含大写字母、小写字母、数字和特殊字符。

示例:
  meded account set-password 110101199003070011
  printf '%s\\n' \"$NEW\" | meded account set-password 110101199003070011",
    ),
    (
        "account show",
        "查看一个账号及其培训记录和变更历史",
        "\
示例:
  meded account show 110101199003070011
  meded account show 110101199003070011 --format json",
    ),
    ("audit", "省级对已上报记录的审核", ""),
    (
        "audit approve",
        "审核通过已上报的记录",
        "\
只有已上报的记录才能审核。

示例:
  meded audit approve 110105199803262500 51010719930417655X
  meded audit approve --org H001 --all",
    ),
    (
        "audit history",
        "查看一个人的全部上报、审核、退回原因和字段修改",
        "\
示例:
  meded audit history 110105199803262500",
    ),
    (
        "audit list",
        "按状态列出记录(默认:待审核)",
        "\
状态:待审核(pending)、审核通过(approved)、退回修改(returned)、未上报(unsubmitted)。

示例:
  meded audit list
  meded audit list --org H001 --status 退回修改 --format json",
    ),
    (
        "audit return",
        "把已上报的记录退回基地并附原因(退回修改)",
        "\
记录重新变为“未上报”;基地改正后再次上报。原因记入历史记录,并显示给基地。

示例:
  meded audit return 110105199803262500 --reason 培训开始时间与招收年份不符",
    ),
    (
        "certificate",
        "出具学分证明(PDF):单人或批量;验证、作废",
        "\
按继教平台的格式出具学分证明:跨度内每一年一张表,列出该人员按举办年度统计的审核通过学分及当年合计,然后是认证机构、出具单位、日期和验证码。待审和审核不过的学分从不出现。类别 1 列出I类(国家级、省I类),类别 2 列出II类,all 两者都列。

每份证明出具时都登记一个验证码,供 `certificate verify` 核验。再次出具同一份证明(记录、文字、日期都相同)时,以原验证码重新打印;若有变化(此后又有学分审核通过,或换了日期),则给新的验证码,原验证码标记为已被取代。

加 --org 时,为该机构注册已审核通过且参加继教的全部人员出具(与 `credit-standard check` 统计的人员相同);加 --members 时,为所列人员出具。文件名为 <证件号码>_<姓名>_<起>-<止>.pdf;跨度内没有审核通过学分的人员跳过;无法打印的人员(字体缺少某个字)连同原因列出,其他人员照常写出(退出码 1)。

示例:
  meded certificate 110101199003070011 --from 2015 --to 2017 -o 张三.pdf
  meded certificate 110101199003070011 --from 2017 --to 2017 --kind 1 -o out.pdf
  meded certificate --org C017 --from 2015 --to 2017 --out-dir certs/
  meded certificate --org C017 --from 2015 --to 2017 --zip certs.zip
  meded certificate --members list.xlsx --from 2015 --to 2017 --out-dir certs/
  meded certificate verify 7KQ2-M9XD-4TWP
  meded certificate verify 7kq2m9xd4twp --format json
  meded certificate revoke 7KQ2-M9XD-4TWP --reason '学分记录有误,重新出具'",
    ),
    (
        "certificate revoke",
        "作废一份学分证明:此后核验时显示已作废及原因",
        "\
连同原因记入变更记录。作废已作废的证明不做任何改动。

示例:
  meded certificate revoke 7KQ2-M9XD-4TWP --reason '学分记录有误,重新出具'",
    ),
    (
        "certificate verify",
        "核验验证码:显示证明上的内容",
        "\
退出码:0 证明真实:有效,或已被之后出具的证明取代(会指明是哪一份);1 没有此验证码的证明,或证明已作废。

示例:
  meded certificate verify 7KQ2-M9XD-4TWP
  meded certificate verify 7kq2m9xd4twp --format json",
    ),
    ("collection", "年度采集批次及其时间窗口", ""),
    (
        "collection list",
        "列出采集批次",
        "\
示例:
  meded collection list
  meded collection list --format json",
    ),
    (
        "collection open",
        "开启一个年度采集批次,并设定其时间窗口",
        "\
类别:new(新招收,当年新招收的住院医师)、update(在培更新,往年招收的住院医师)、completion(结业补报,附件1 中的提前结业人员)。

新招收批次的基地填报期(--until)截止后,该年度的招收数据即被锁定:对该年度的导入、培训状态变更和上报都被拒绝,并指明所属的批次,直到更晚年度的在培更新批次开启,或由省级使用 --override。

示例:
  meded collection open --year 2019 --kind new --from 2019-10-13 --until 2019-10-31 --review-until 2019-11-05
  meded collection open --year 2019 --kind update --from 2019-10-13 --until 2019-10-31",
    ),
    ("credit", "继教学分登记:导入、审核、列出、修改、删除", ""),
    (
        "credit delete",
        "删除“待审”的学分记录(其他状态的拒绝删除)",
        "\
示例:
  meded credit delete 17
  meded credit delete 17 18",
    ),
    (
        "credit edit",
        "修改一条“待审”的学分记录(其他状态的拒绝修改)",
        "\
新值按导入时的规则检查;每个改动的字段都记录修改前后的值。

示例:
  meded credit edit 17 --credits 2.5
  meded credit edit 17 --type 省I类 --start 2017-04-22 --end 2017-04-23",
    ),
    (
        "credit import",
        "导入学分登记记录,导入后为“待审”",
        "\
列(工作表“学分登记”,在标题行之下按列名查找,顺序不限):
  证件号码、姓名、项目编号、项目名称、学分、学分类型、开始日期、结束日期、
  学分获取形式、主办单位、举办年度、学科分类(可选:备注)

每行须对应一名已有的继教人员(证件号码相符,姓名相同)。
学分类型:国家级I类、省级I类或II类(国家级Ⅰ类、省I类、Ⅱ类、二类等写法都能识别;只写“I类”的会被拒收)。学分:正数,最多一位小数,每个项目至多 25 分。日期先后有序,且都在举办年度之内。同一人员、同一项目编号出现两次即为重复,会被拒收(与已保存的记录完全相同的记录则跳过,因此同一文件导入两次不会有任何改动)。

示例:
  meded credit import credits.xlsx
  meded credit import credits.csv --dry-run
  meded credit import credits.xlsx --errors fix-me.xlsx
  meded credit import approved-export.csv --approve",
    ),
    (
        "credit list",
        "列出一名继教人员的学分记录",
        "\
示例:
  meded credit list 110101199003070011
  meded credit list 110101199003070011 --from 2015 --to 2017 --format json",
    ),
    (
        "credit review",
        "审核“待审”的学分记录(通过或不通过);撤销误审",
        "\
只审核“待审”的记录;记录已处于所要求的状态时不做改动;其他记录被拒绝并给出说明(退出码 1)。审核不过须附 --reason,继教人员可以看到。误审用 --reopen --reason 撤销:记录重新变为“待审”(可以再修改),变更记录同时保留原审核和这次撤销。

示例:
  meded credit review 17 18 19 --approve
  meded credit review 20 --reject --reason '证明材料不全'
  meded credit review 20 --reopen --reason '误审,材料已补齐'
  meded credit review --member 110101199003070011 --year 2017 --approve
  meded credit review --org C017 --year 2017 --approve",
    ),
    ("credit-standard", "继教学分标准:标准表、分配、达标核查", ""),
    (
        "credit-standard assign",
        "为继教人员分配某年度的学分标准,并说明是哪一条及其依据",
        "\
职称等级由技术职称判定(--title,否则取导入时登记的职称):主任…/副主任… → 高级,主治/主管 → 中级,医师/技师/护师/药师 … → 初级;括号中写明的等级优先(技师系列 - 副主任技师(副高) → 高级)。区域等级取所在机构的,除非给了 --region-level。所用标准是该年度施行的标准表中同时对应这两个等级的那一条。

示例:
  meded credit-standard assign 110101199003070011 --year 2016 --title '技师系列 - 副主任技师(副高)'
  meded credit-standard assign 110101199003070011 --year 2017 --region-level 县级
  meded credit-standard assign --org C017 --year 2017     # 全部人员,按其登记的职称
  meded credit-standard assign --all --year 2017",
    ),
    (
        "credit-standard check",
        "核查某年度谁达到了学分标准(有人未达标时退出码为 1)",
        "\
对每名人员,按其该年度的学分标准核查:截至该年度的标准周期内的国家级I类学分(如周期为 6 年时为 2012–2017 年)、当年的I类学分(省级I类和国家级I类都计入)、当年的II类学分(I类从不计作II类,反之亦然)以及当年的总学分。只计“审核通过”的学分。注册审核状态不是“单位审核通过”的人员,或不参加继教(“参加继教”为“否”)的人员,计入人数但不核查。当年没有学分标准的人员会被列出。

表格列出未达标或没有标准的人员(--all:全部人员);--format json 和 csv 给出所有被核查的人员。有人未达标或没有标准时退出码为 1。

示例:
  meded credit-standard check --year 2017 --org C017
  meded credit-standard check 110101199003070011 --year 2017
  meded credit-standard check --year 2017 --format json > check-2017.json",
    ),
    (
        "credit-standard import",
        "导入省级学分标准表(模板“学分标准”)",
        "\
列(工作表“学分标准”):编号、名称、区域等级、职称等级、国家级I类学分、国家级周期年数、省级I类学分、II类学分、总学分、起始年度。
区域等级:省级/三级医院、市州级/二级以下医院、县级、乡镇卫生院或全部;
职称等级:高级、中级、初级、无职称或全部(无职称可以不列:没有职称的人员此时按初级标准)。

标准表要么全部导入,要么都不导入:每行都检查,且每个版本(起始年度)必须把区域等级与高级、中级、初级的每种组合恰好覆盖一次;有缺漏或重叠时整个文件被拒收(退出码 1),不写入任何数据。内容不同的已有版本须加 --replace 才能替换(已有人员分配了该版本的标准时拒绝);同一标准表再次导入不做任何改动。

示例:
  meded credit-standard import fujian-2020.xlsx
  meded credit-standard import table.xlsx --dry-run --errors fix-me.xlsx",
    ),
    (
        "credit-standard list",
        "列出学分标准(全部版本,或某年度施行的版本)",
        "\
内置四川省继教平台的标准表(SCJA1–SCJA10),作为自 2016 年起施行的标准。某年度施行的版本是起始年度不晚于该年度的版本中起始年度最大的那一个。

示例:
  meded credit-standard list
  meded credit-standard list --year 2017 --format json",
    ),
    ("org", "机构:培训基地与继教单位", ""),
    (
        "org add",
        "新增培训基地或继教单位",
        "\
示例:
  meded org add --code H001 --name 四川大学华西医院 --province 四川 --kind base
  meded org add --code C017 --name 成都市第三人民医院 --province 51 --kind cme --region-level 市州级

已存在且信息完全相同的机构再次新增时不做改动并视为成功,因此脚本可以重复运行;信息不同则拒绝。",
    ),
    (
        "org list",
        "列出机构及其账号数",
        "\
示例:
  meded org list
  meded org list --format json",
    ),
    (
        "org update",
        "修改机构的名称、省份或区域等级",
        "\
机构代码和类别不能修改。每次修改都记入变更记录;已分配的学分标准和已出具的学分证明保持其当初依据的内容不变。

示例:
  meded org update --code C017 --province 四川
  meded org update --code C017 --region-level 三级医院 --name 成都市第三人民医院(三级)",
    ),
    ("profile", "住院医师个人信息:导入、校验、退回修改、查看", ""),
    (
        "profile import",
        "从工作簿导入住院医师个人信息(基本信息、学习经历、证书信息)",
        "\
工作簿有三个工作表,名称与平台的页签相同,都以证件号码为键(meded template profile 可生成空白工作簿):
  基本信息   每人一行
  学习经历   每人每个学历层次一行,学历层次为中专、大专、本科、硕士或博士
  证书信息   每人一行
照片列(个人照片、身份证正面照、身份证反面照、学历证书原件、学位证书原件、医师资格证书原件)填写相对于工作簿所在目录的图片路径;路径指向该目录之外时拒收该行。

一个人的个人信息整体替换为文件中此人的内容;每个改动的字段都记录修改前后的值(见 account show)。证件号码不存在的行,或加 --org 时属于其他基地的行,会被拒收。值会做规范化(任意写法的日期、“是/否”的各种写法、男性/女性、民族带不带“族”、省份写名称或代码);不能识别的值按原样保存,由 profile validate 报告。

示例:
  meded profile import profiles.xlsx --org H001
  meded profile import profiles.xlsx --org H001 --format json",
    ),
    (
        "profile return",
        "把住院医师的个人信息退回修改并附原因",
        "\
原因即住院医师看到的审核意见;记入历史记录(account show),在个人信息修改之前由 profile show 列出。

示例:
  meded profile return 110101199003070011 --reason '个人照片不是白底证件照,请重新上传'",
    ),
    (
        "profile show",
        "查看住院医师已保存的个人信息和基地的退回意见",
        "\
示例:
  meded profile show 110101199003070011
  meded profile show 110101199003070011 --format json",
    ),
    (
        "profile validate",
        "在国家采集之前按全部规则校验个人信息",
        "\
检查必填(*)和条件必填(#)字段、日期及其先后、出生日期和性别与证件号码是否一致、代码表(民族、省份、证件类型、学历、学位、医师资格类别/级别)、证书编号,以及照片和扫描件(是否存在、是否为 JPEG、像素尺寸、文件大小:只读文件头)。

没有任何个人信息有错误时退出码为 0(只有警告也是 0),有错误时为 1。

示例:
  meded profile validate --org H001
  meded profile validate --org H001 --year 2019 --errors fix-me.xlsx
  meded profile validate --file profiles.xlsx          # 不写入任何数据
  meded profile validate --org H001 --skip-images      # 只查数据,更快
  meded profile validate --org H001 --format json",
    ),
    ("report", "向省级上报、统计状态、按国家格式导出", ""),
    (
        "report export",
        "按国家格式导出一个采集批次(不加 --all 时只导出审核通过的记录)",
        "\
类别:new(当年招收的住院医师)、update(往年招收、仍在培的住院医师)、completion(当年的结业人员,按附件1 的格式)。可能被电子表格程序当作公式的文本会做无害化处理。

示例:
  meded report export --year 2019 -o 2019-new.xlsx
  meded report export --year 2019 --kind completion -o 2019-completion.xlsx --all",
    ),
    (
        "report status",
        "按基地、年度和状态统计记录数",
        "\
示例:
  meded report status
  meded report status --org H001 --year 2019 --format json",
    ),
    (
        "report submit",
        "把基地已填写完整的记录上报省级",
        "\
基地尚未上报的每条记录,在培训信息完整、住院医师个人信息通过校验、所属年度未锁定时即上报(已上报,待审核);其余记录连同原因一并列出,命令退出码为 1。

示例:
  meded report submit --org H001 --year 2019 --dry-run
  meded report submit --org H001 --year 2019",
    ),
    (
        "reset-password",
        "把密码重置为默认密码或随机临时密码",
        "\
不加 --random 时,账号恢复为本系统的默认密码(未另行设置时,住院医师为 000000,继教人员为 111111),用户下次登录时须修改。加 --random 时,每个账号获得一个随机临时密码,用 Argon2id 在全部处理器核心上计算哈希,密码只写入 --credentials 文件(创建为仅本人可读)。

给 --org 而不给证件号码时,重置该机构中密码不是用户自己设置的所有账号(用户自设的密码保留,除非加 --all)。

示例:
  meded reset-password 110101199003070011
  meded reset-password --file forgotten.xlsx --org H001
  meded reset-password --org H001 --dry-run
  meded reset-password --org H001 --random --credentials passwords.xlsx
  meded reset-password --org H001 --all",
    ),
    (
        "template",
        "生成带下拉选项的空白官方模板(.xlsx)",
        "\
每个模板都有标题行、说明 *(必填)和 #(所依据的“是否…”为“是”时必填)的注释、导入程序读取的表头行、表头批注,以及每个代码列(民族、省份、证件类型、是/否、学历、学位等)的下拉选项。证件号码和证书编号列设为文本格式。填好的模板可以直接导入。

示例:
  meded template account -o 账号模板.xlsx
  meded template account --role member -o 继教人员.xlsx
  meded template profile -o 个人信息.xlsx
  meded template training -o 培训信息.xlsx",
    ),
    ("training", "基地住院医师的培训信息和培训状态", ""),
    (
        "training import",
        "导入培训信息或提前结业人员的结业信息",
        "\
模板(按列识别;`meded template training` 可生成空白模板):
  培训信息  证件号码、姓名、招收年份(可选:培训专业、人员类型、核定培训年限、
            培训开始时间、培训结束时间、培训状态)
  结业信息  附件1:姓名、身份证件类别、身份证件号码、手机号码、人员类型、
            培训所在省份、培训基地、培训专业、核定的培训年限(年)、
            培训实际开始时间、培训实际结束时间、
            住院医师规范化培训合格证书编号、合格证书发放时间

每行更新该人员在本基地的记录;空白单元格不做改动。招收年份和培训基地从不更改;培训专业一旦填写,只能通过转基地(先“退培”,再重新招收)更改。已上报的记录一经修改即退回“未上报”。新招收采集批次截止后,该年度即被锁定。

示例:
  meded training import training-2019.xlsx --org H001
  meded training import completers.xlsx --org H001 --errors fix-me.xlsx",
    ),
    (
        "training set-status",
        "修改住院医师的培训状态(在培、延期、暂停、结束、结业、退培)",
        "\
允许的变更:在培 → 延期、暂停、结束、结业、退培;延期 → 在培、结束、结业、退培;暂停 → 在培、退培;结束 → 在培、延期、结业、退培。结业和退培是最终状态:退培后该人员可去其他基地,由那个基地导入(即转基地)。

示例:
  meded training set-status 110105199803262500 --status 延期 --reason 产假 --org H001
  meded training set-status 110105199803262500 --status 退培 --reason 转基地 --org H001
  meded training set-status 110105199803262500 --status 结业 --certificate 2022510001 --certificate-date 2022-08-01",
    ),
];

/// `--sheet` of every import command (`ImportFlags`).
const IMPORT_SHEET: &str = "要读取的工作表(默认:读模板规定的工作表,没有时读第一个工作表)。";
/// `--dry-run` of every import command (`ImportFlags`).
const IMPORT_DRY_RUN: &str = "全部检查并报告结果,但不写入任何数据。";
/// `--strict` of every import command (`ImportFlags`).
const IMPORT_STRICT: &str = "只要有一行被拒收,就什么都不写入。";
/// `--update` of every import command (`ImportFlags`).
const IMPORT_UPDATE: &str = "已有记录与文件不同时,按文件的值更新(不加此项时,这些行跳过并附说明)。";
/// `--errors` of every import command (`ImportFlags`).
const IMPORT_ERRORS: &str = "把被拒收的行按原样写入此 .xlsx 或 .csv 文件,并加一列“错误原因”:改正后可再次导入。此文件在提交之前写出:写不出时,什么都不导入。";

/// (command path, argument id, help). The global arguments are given once,
/// at the root. An argument's id is its field name (`id_numbers`,
/// `dry_run`); the flags every import shares use the texts above.
pub const ARGS: &[(&str, &str, &str)] = &[
    ("", "db", "数据库文件;首次使用时按数据库结构创建。"),
    ("", "format", "数据的输出格式(默认 table)。"),
    (
        "",
        "lang",
        "提示信息的语言(默认取自 LANG:以 zh 开头时为中文)。",
    ),
    (
        "",
        "actor",
        "记入变更记录的操作人(默认为 $MEDED_ACTOR,否则为操作系统用户)。",
    ),
    ("", "quiet", "不显示进度条和说明,只输出数据和错误。"),
    ("account check-password", "id_number", "证件号码,即登录名。"),
    ("account delete", "id_numbers", "要删除的账号的证件号码。"),
    (
        "account delete",
        "org",
        "以此基地的身份操作:只能删除它的账号。",
    ),
    ("account delete", "reason", "原因(记入历史记录)。"),
    (
        "account import",
        "file",
        "名单文件:XLSX、XLS、ODS 或 CSV(UTF-8 或 GBK 编码,逗号或制表符分隔)。",
    ),
    ("account import", "org", "账号所属的机构。"),
    (
        "account import",
        "role",
        "账号类别:resident 住院医师,teacher 师资,member 继教人员。",
    ),
    ("account import", "sheet", IMPORT_SHEET),
    ("account import", "dry_run", IMPORT_DRY_RUN),
    ("account import", "strict", IMPORT_STRICT),
    ("account import", "update", IMPORT_UPDATE),
    ("account import", "errors", IMPORT_ERRORS),
    (
        "account import",
        "override_lock",
        "导入采集批次已截止的招收年份的住院医师(由省级决定,记入变更记录)。",
    ),
    (
        "account import",
        "approve",
        "继教人员:直接登记为“单位审核通过”,而不是“单位待审”。",
    ),
    (
        "account import",
        "random_passwords",
        "给新账号设置随机临时密码,而不是默认密码。",
    ),
    (
        "account import",
        "credentials",
        "随机密码写入的文件(.xlsx 或 .csv,以权限 0600 创建)。",
    ),
    ("account list", "org", "只列出此机构的账号。"),
    (
        "account list",
        "registration",
        "只列出处于此注册审核状态的继教人员:pending 单位待审,rejected 单位审核不过,approved 单位审核通过。",
    ),
    ("account review", "id_numbers", "继教人员的证件号码。"),
    (
        "account review",
        "org",
        "给了证件号码时:只审核此机构的人员;未给时:审核此机构所有“单位待审”的人员。",
    ),
    ("account review", "approve", "单位审核通过。"),
    ("account review", "reject", "单位审核不过(须附 --reason)。"),
    (
        "account review",
        "reason",
        "原因:继教人员可以看到,并记入变更记录。",
    ),
    (
        "account set-default-password",
        "role",
        "账号类别:resident 住院医师,teacher 师资,member 继教人员。",
    ),
    ("account set-password", "id_number", "证件号码,即登录名。"),
    ("account show", "id_number", "证件号码。"),
    (
        "audit approve",
        "id_numbers",
        "要审核通过其已上报记录的住院医师的证件号码。",
    ),
    (
        "audit approve",
        "org",
        "与 --all 同用时:指定基地;给了证件号码时:只审核此基地的记录。",
    ),
    ("audit approve", "all", "--org 所有待审核的记录。"),
    ("audit history", "id_number", "住院医师的证件号码。"),
    ("audit list", "org", "只列出此基地的记录。"),
    ("audit list", "status", "要列出的状态(默认“待审核”)。"),
    ("audit return", "id_number", "住院医师的证件号码。"),
    ("audit return", "reason", "原因:基地须改正的内容。"),
    ("audit return", "org", "只退回此基地的记录。"),
    (
        "certificate",
        "id_number",
        "继教人员的证件号码:出具一份学分证明,写入 -o 指定的文件。",
    ),
    ("certificate", "from", "跨度的起始年度(举办年度)。"),
    ("certificate", "to", "跨度的截止年度(总共最多 10 年)。"),
    (
        "certificate",
        "kind",
        "证明类别:all 为I类II类综合学分证明,1 为I类学分证明,2 为II类学分证明。",
    ),
    (
        "certificate",
        "out",
        "要写入的 PDF 文件(与 ID_NUMBER 同用)。",
    ),
    ("certificate", "org", "此机构(代码)的全部继教人员。"),
    (
        "certificate",
        "members",
        "所列人员:有“证件号码”列的表格,或每行一个证件号码的文本文件。",
    ),
    (
        "certificate",
        "out_dir",
        "与 --org 或 --members 同用:存放 PDF 的目录(不存在时创建)。",
    ),
    (
        "certificate",
        "zip",
        "与 --org 或 --members 同用:另外(或只)生成一个包含这些 PDF 的 ZIP 压缩包。",
    ),
    (
        "certificate",
        "font",
        "排版学分证明所用的 TrueType/OpenType 字体或字体集(默认:内置的 Noto Sans SC,含 GBK 字符)。",
    ),
    (
        "certificate",
        "font_index",
        "使用字体集(.ttc)中的第几个字体。",
    ),
    (
        "certificate",
        "province",
        "标题“<省>继续医学教育学分证明”中的省份(默认取机构所在省)。",
    ),
    (
        "certificate",
        "authority",
        "“认证机构:”后面的文字(默认为空,留作盖章处)。",
    ),
    (
        "certificate",
        "issuer",
        "出具单位一行(默认:<省>继续医学教育行政管理平台提供信息)。",
    ),
    (
        "certificate",
        "as_of",
        "证明上印的出具日期(默认为今天),如 2017-10-27。",
    ),
    ("certificate revoke", "code", "学分证明的验证码。"),
    (
        "certificate revoke",
        "reason",
        "原因:随证明保存,核验时显示,并记入变更记录。",
    ),
    (
        "certificate verify",
        "code",
        "证明上“验证码:”后面印的代码(不分大小写,有无短横和空格都可以)。",
    ),
    ("collection open", "year", "批次的年度。"),
    (
        "collection open",
        "kind",
        "批次类别:new 新招收,update 在培更新,completion 结业补报。",
    ),
    ("collection open", "from", "基地填报期的第一天。"),
    ("collection open", "until", "基地填报期的最后一天。"),
    ("collection open", "review_until", "省级审核的最后一天。"),
    ("credit delete", "ids", "记录编号。"),
    ("credit edit", "id", "记录编号。"),
    ("credit edit", "project_no", "项目编号。"),
    ("credit edit", "project_name", "项目名称。"),
    ("credit edit", "credits", "学分。"),
    ("credit edit", "kind", "学分类型:国家级I类、省级I类或II类。"),
    ("credit edit", "start", "开始日期。"),
    ("credit edit", "end", "结束日期。"),
    ("credit edit", "form", "学分获取形式。"),
    ("credit edit", "organizer", "主办单位。"),
    ("credit edit", "year", "举办年度。"),
    ("credit edit", "subject", "学科分类。"),
    ("credit edit", "remark", "备注(给 '' 即清空)。"),
    (
        "credit import",
        "file",
        "学分记录文件:XLSX、XLS、ODS 或 CSV。",
    ),
    ("credit import", "sheet", IMPORT_SHEET),
    ("credit import", "dry_run", IMPORT_DRY_RUN),
    ("credit import", "strict", IMPORT_STRICT),
    ("credit import", "update", IMPORT_UPDATE),
    ("credit import", "errors", IMPORT_ERRORS),
    (
        "credit import",
        "approve",
        "直接保存为“审核通过”(用于经办公室核对过的记录)。",
    ),
    ("credit list", "id_number", "继教人员的证件号码。"),
    ("credit list", "from", "从此年度起(举办年度)。"),
    ("credit list", "to", "到此年度止。"),
    ("credit review", "ids", "记录编号(`credit list` 中的 id)。"),
    (
        "credit review",
        "member",
        "此继教人员(证件号码)的全部“待审”记录。",
    ),
    ("credit review", "org", "此机构人员的全部“待审”记录。"),
    (
        "credit review",
        "year",
        "与 --member 或 --org 同用:只审核此年度(举办年度)的记录。",
    ),
    ("credit review", "approve", "审核通过。"),
    ("credit review", "reject", "审核不过(须附 --reason)。"),
    (
        "credit review",
        "reopen",
        "退回“待审”:撤销误审(须附 --reason)。",
    ),
    (
        "credit review",
        "reason",
        "原因:随记录保存,并记入变更记录。",
    ),
    (
        "credit-standard assign",
        "id_number",
        "继教人员的证件号码;不给时用 --org 或 --all。",
    ),
    ("credit-standard assign", "year", "标准适用的年度。"),
    (
        "credit-standard assign",
        "title",
        "用于判定职称等级的技术职称(默认取该人员登记的职称)。",
    ),
    (
        "credit-standard assign",
        "region_level",
        "区域等级(默认取所在机构的区域等级)。",
    ),
    (
        "credit-standard assign",
        "org",
        "此机构的全部继教人员,按其登记的职称。",
    ),
    ("credit-standard assign", "all", "数据库中的全部继教人员。"),
    (
        "credit-standard check",
        "id_number",
        "一名继教人员的证件号码;不给时核查全部人员(--org 的人员)。",
    ),
    ("credit-standard check", "year", "核查的年度。"),
    ("credit-standard check", "org", "只核查此机构的人员。"),
    (
        "credit-standard check",
        "all",
        "表格中列出所有被核查的人员,而不只是有问题的。",
    ),
    (
        "credit-standard import",
        "file",
        "学分标准表文件(模板“学分标准”)。",
    ),
    ("credit-standard import", "sheet", IMPORT_SHEET),
    ("credit-standard import", "dry_run", IMPORT_DRY_RUN),
    ("credit-standard import", "strict", IMPORT_STRICT),
    ("credit-standard import", "update", IMPORT_UPDATE),
    ("credit-standard import", "errors", IMPORT_ERRORS),
    (
        "credit-standard import",
        "replace",
        "与 --update 相同:替换内容不同的已有版本。",
    ),
    ("credit-standard list", "year", "只列出此年度施行的版本。"),
    (
        "org add",
        "code",
        "机构代码,须唯一;其他命令的 --org 都用它。",
    ),
    ("org add", "name", "机构全称,与学分证明上印的一致。"),
    (
        "org add",
        "province",
        "省份:简称(四川)、全称(四川省)或 GB/T 2260 代码(51)。",
    ),
    ("org add", "kind", "机构类别:base 培训基地,cme 继教单位。"),
    (
        "org add",
        "region_level",
        "区域等级,用于学分标准:省级/三级医院、市州级/二级以下医院、县级或乡镇卫生院(也可写作省级、三级、市州级、二级等)。",
    ),
    ("org update", "code", "要修改的机构(代码)。"),
    ("org update", "name", "新的机构全称。"),
    (
        "org update",
        "province",
        "省份:简称、全称或 GB/T 2260 代码。",
    ),
    (
        "org update",
        "region_level",
        "区域等级:省级/三级医院、市州级/二级以下医院、县级或乡镇卫生院。",
    ),
    (
        "profile import",
        "file",
        "个人信息工作簿:含三个工作表的 XLSX、XLS 或 ODS。",
    ),
    (
        "profile import",
        "org",
        "只导入此基地的住院医师;其他人员拒收。",
    ),
    ("profile import", "sheet", IMPORT_SHEET),
    ("profile import", "dry_run", IMPORT_DRY_RUN),
    ("profile import", "strict", IMPORT_STRICT),
    ("profile import", "update", IMPORT_UPDATE),
    ("profile import", "errors", IMPORT_ERRORS),
    (
        "profile import",
        "override_lock",
        "修改已锁定招收年份的个人信息(由省级决定,连同命令行一并记录)。",
    ),
    ("profile return", "id_number", "住院医师的证件号码。"),
    ("profile return", "reason", "原因:住院医师须修改的内容。"),
    ("profile show", "id_number", "住院医师的证件号码。"),
    ("profile validate", "org", "只校验此基地的住院医师。"),
    ("profile validate", "year", "只校验此招收年份的住院医师。"),
    (
        "profile validate",
        "file",
        "校验个人信息工作簿,而不是数据库;不写入任何数据。",
    ),
    (
        "profile validate",
        "errors",
        "把问题写入此 .xlsx 文件(问题清单、每人汇总、说明)或 .csv 文件。",
    ),
    (
        "profile validate",
        "skip_images",
        "不打开图片文件(路径仍须填写):修改大基地数据时的快速检查。",
    ),
    ("report export", "year", "批次的年度。"),
    (
        "report export",
        "kind",
        "批次类别:new 新招收,update 在培更新,completion 结业补报。",
    ),
    ("report export", "org", "只导出此基地的记录。"),
    (
        "report export",
        "all",
        "导出全部记录,而不只是审核通过的记录。",
    ),
    ("report export", "output", "要写入的文件:.xlsx 或 .csv。"),
    ("report status", "org", "只统计此基地的记录。"),
    ("report status", "year", "只统计此招收年份的记录。"),
    ("report submit", "org", "上报的培训基地。"),
    ("report submit", "year", "只上报此招收年份的记录。"),
    (
        "report submit",
        "dry_run",
        "显示哪些会上报、哪些不会,但不上报。",
    ),
    ("reset-password", "id_numbers", "账号的证件号码。"),
    (
        "reset-password",
        "file",
        "有“证件号码”列的表格,或每行一个证件号码的文本文件。",
    ),
    (
        "reset-password",
        "org",
        "只处理此机构的账号;不给证件号码时,处理它的全部账号。",
    ),
    (
        "reset-password",
        "random",
        "设置随机临时密码,而不是默认密码。",
    ),
    (
        "reset-password",
        "credentials",
        "随机密码写入的文件(.xlsx 或 .csv)。",
    ),
    (
        "reset-password",
        "all",
        "只给 --org 时:连用户自己设置的密码也重置(默认不动这些密码)。",
    ),
    (
        "reset-password",
        "dry_run",
        "列出将被重置的账号,不做任何改动。",
    ),
    (
        "template",
        "name",
        "模板:account 账号模板(住院医师,或 --role member / teacher),profile 个人信息(基本信息、学习经历、证书信息),training 培训信息(由基地填写),completion 结业信息(附件1:提前结业人员),credit 学分登记,credit-standard 学分标准。",
    ),
    ("template", "output", "模板写入的位置(.xlsx)。"),
    ("template", "role", "用于 account 模板:哪类人员的账号。"),
    ("training import", "file", "文件:XLSX、XLS、ODS 或 CSV。"),
    ("training import", "org", "这些记录所属的培训基地。"),
    ("training import", "sheet", IMPORT_SHEET),
    ("training import", "dry_run", IMPORT_DRY_RUN),
    ("training import", "strict", IMPORT_STRICT),
    ("training import", "update", IMPORT_UPDATE),
    ("training import", "errors", IMPORT_ERRORS),
    (
        "training import",
        "override_lock",
        "修改已锁定年度的记录(由省级决定,会被记录)。",
    ),
    ("training set-status", "id_number", "住院医师的证件号码。"),
    ("training set-status", "status", "新的培训状态。"),
    ("training set-status", "reason", "原因(记入历史记录)。"),
    (
        "training set-status",
        "org",
        "以此基地的身份操作:只能修改它的记录。",
    ),
    (
        "training set-status",
        "certificate",
        "状态为“结业”时:合格证书编号。",
    ),
    (
        "training set-status",
        "certificate_date",
        "状态为“结业”时:合格证书发放时间。",
    ),
    (
        "training set-status",
        "override_lock",
        "修改已锁定年度的记录(由省级决定,会被记录)。",
    ),
];
