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
        "住院医师规范化培训(住培)与继续医学教育(继教)的批量管理:\n账号与密码、个人信息、招录、师资与轮转、上报与审核、学分与学分证明、技术档案;\n数据存于一个 SQLite 文件。",
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
  --role member      姓名、证件类型、证件号码、手机号码、科室、技术职称
                     (可选:电子邮箱、参加继教)
  --role teacher     姓名、证件号码、手机号码
                     (可选:证件类型、科室、技术职称、电子邮箱)
  --role applicant   姓名、证件类型、证件号码、手机号码(招录用,不加 --org)

住院医师在该基地获得一条培训记录(所填招收年份,培训状态“在培”)。在其他基地处于“在培”“延期”“暂停”或“结束”状态的人员会被拒收,直到那个基地把状态改为“退培”。继教人员登记为“单位待审”(等待单位审核),直到 `account review` 审核通过;--approve 则直接登记为“单位审核通过”,适用于单位导入本单位职工。导入同一基地已有的账号时跳过;加 --update 时姓名和手机号码按文件更新(证件类型和证件号码从不更改)。报名人员(招录)不属于任何机构:他们用 meded recruit apply 报名,录取(meded recruit admit)后成为该基地的住院医师。

示例:
  meded account import roster.xlsx --org H001
  meded account import roster.csv --org H001 --dry-run
  meded account import roster.xlsx --org H001 --errors fix-me.xlsx
  meded account import members.xlsx --org C017 --role member
  meded account import members.xlsx --org C017 --role member --approve
  meded account import applicants.csv --role applicant
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

加 --old 为用户本人修改密码(修改密码):先读取并核对原密码,再读取两次新密码;从标准输入读取时为三行。原密码不正确时不作更改(退出码 1)。

示例:
  meded account set-password 110101199003070011
  printf '%s\\n' \"$NEW\" | meded account set-password 110101199003070011
  printf '%s\\n' \"$OLD\" \"$NEW\" \"$NEW\" | meded account set-password 110101199003070011 --old",
    ),
    (
        "account show",
        "查看一个账号及其培训记录和变更历史",
        "\
示例:
  meded account show 110101199003070011
  meded account show 110101199003070011 --format json",
    ),
    ("archive", "继教人员技术档案:导入、审核、查看、变更详情、个人简历表、待审事项", ""),
    (
        "archive changes",
        "变更详情:继教人员档案的每次变更,变更前后对照",
        "\
列出每次变更(待审核、审核通过、审核不通过、已替代),及提交人和提交时间、审核人、审核时间和原因。屏幕上显示每次变更改动的值;--format json 给出每个部分的全部字段;加 -o 时写出与平台“变更详情”相同的 PDF(各部分变更前后左右对照,改动的值加底色),或 XLSX/CSV 表格(全部字段,另加一列“已变更”)。没有任何变更记录的人员,退出码为 1。

示例:
  meded archive changes 510104197503120446
  meded archive changes 510104197503120446 -o 变更详情.pdf
  meded archive changes 510104197503120446 -o 变更详情.xlsx",
    ),
    (
        "archive import",
        "从工作簿导入档案变更,变更等待单位审核",
        "\
工作簿(meded template archive 可生成空白工作簿)含以下工作表,都以证件号码为键:
  个人基本信息   每人一行:平台表单上的各个字段
  教育经历、培训经历、论文论著、工作经历、获奖情况
                 每人可有任意多行
某工作表中某人的行,替换其档案中的该部分;只填证件号码的一行,表示该人员没有此项;工作簿未涉及的部分保持不变。照片填写 JPEG 图片相对于工作簿所在目录的路径。

档案本身不做改动:每名人员得到一条待审核的变更(待审核,请等待审核),直到 `archive review` 审核通过或不通过。审核之前再次导入时,替换正在等待的变更(已替代)。人员须为继教人员(加 --org 时须属于该单位),姓名须与账号一致;各值按平台的规则检查(证件号码、日期、民族、联系电话、电子邮箱、是/否、15 位的执业医师证号)。

示例:
  meded archive import 技术档案.xlsx --org C017
  meded archive import 技术档案.xlsx --dry-run --errors fix-me.xlsx",
    ),
    (
        "archive pending",
        "单位的待审事项:档案变更、学分记录、人员注册",
        "\
单位须处理的全部事项列于一张清单:待审核的档案变更(meded archive review)、“待审”的学分记录(meded credit review)和“单位待审”的人员注册(meded account review),最早的在前。没有待审事项时退出码为 0。

示例:
  meded archive pending --org C017
  meded archive pending --org C017 --format json",
    ),
    (
        "archive resume",
        "生成一名继教人员或一个单位全部人员的个人简历表",
        "\
按平台的个人简历表排版已审核通过的档案:一、基本信息(附档案所指的照片,原样嵌入);二、教育经历;三、培训经历;四、工作经历;五、获奖情况;六、论文论著信息;七、调动记录(单位之间的调动,取自变更记录)。空的部分写“无”;较长的部分在下一页该部分的标题下接续。待审核的变更不显示。没有已审核通过档案的人员,按账号中的信息生成简历表。

每个字符都先与字体核对:含有字体无法显示的字符的简历表不写出(用 --font 指定含有该字的字体)。加 --org 时,在全部处理器核心上为该单位的全部人员生成简历表,写入 --out-dir,文件名为 <证件号码>_<姓名>_个人简历表.pdf;无法写出的人员连同原因列出(退出码 1),其他人员照常写出。

示例:
  meded archive resume 510104197503120446 -o 王雪梅.pdf
  meded archive resume --org C017 --out-dir resumes/",
    ),
    (
        "archive review",
        "审核待审核的档案变更:通过或不通过",
        "\
审核通过的变更成为该人员的档案;审核不通过(须附 --reason,人员可以看到)时档案保持原样。没有待审核变更的人员连同原因列出(退出码 1)。

示例:
  meded archive review 510104197503120446 --approve
  meded archive review 510104197503120446 --reject --reason '毕业时间与学历证书不符'
  meded archive review --org C017 --approve",
    ),
    (
        "archive show",
        "查看继教人员已审核通过的档案和待审核的变更",
        "\
示例:
  meded archive show 510104197503120446
  meded archive show 510104197503120446 --format json",
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
按继教平台的格式出具学分证明:跨度内每一年一张表,列出该人员按举办年度统计的审核通过学分及当年合计,然后是认证机构、出具单位、日期和验证码,旁附二维码。待审和审核不过的学分从不出现,出具日期(--as-of)之后才审核通过的学分也不出现。类别 1 列出I类(国家级、省I类),类别 2 列出II类,all 两者都列。

每份证明出具时都登记一个验证码,供 `certificate verify` 核验。证明的二维码载有证明上的内容(姓名、部分隐去的证件号码、跨度、类别、每年的合计、出具日期、正文摘要),并用本单位的签名密钥签名(见 `meded key`):不需要数据库、也不需要联网即可核验,用 `certificate verify --qr` 或 `certificate verify-page` 生成的页面。尚无密钥时,出具第一份证明时在数据库旁创建一个(<db>.key,权限 0600)并给出提示。PDF 和 ZIP 文件创建为仅本人可读(权限 0600)。再次出具同一份证明(记录、文字、日期都相同)时,以原验证码重新打印;若有变化(此后又有学分审核通过,或换了日期),则给新的验证码,原验证码标记为已被取代。

加 --vc 文件(单份证明)或 --vc-dir 目录(--org、--members)时,每份证明还另写成一份标准凭证:W3C 可验证凭证 2.0,同时是 Open Badges 3.0 的 OpenBadgeCredential,用同一把密钥签名(eddsa-jcs-2022,签发者为 did:key),证件号码只以加盐哈希出现,并在本单位的状态列表上占一个条目,用于作废(--status-list-url 给出列表的地址;`certificate revocations --status-list` 写出列表)。学习平台、人事系统和数字钱包用任何符合标准的验证程序即可核验。

加 --org 时,为该机构注册已审核通过且参加继教的全部人员出具(与 `credit-standard check` 统计的人员相同);加 --members 时,为所列人员出具。文件名为 <证件号码>_<姓名>_<起>-<止>.pdf;跨度内没有审核通过学分的人员跳过;无法打印的人员(字体缺少某个字)连同原因列出,其他人员照常写出(退出码 1)。

示例:
  meded certificate 110101199003070011 --from 2015 --to 2017 -o 张三.pdf
  meded certificate 110101199003070011 --from 2017 --to 2017 --kind 1 -o out.pdf
  meded certificate --org C017 --from 2015 --to 2017 --out-dir certs/
  meded certificate --org C017 --from 2015 --to 2017 --zip certs.zip
  meded certificate --members list.xlsx --from 2015 --to 2017 --out-dir certs/
  meded certificate 110101199003070011 --from 2015 --to 2017 -o 张三.pdf --vc 张三.json
  meded certificate --org C017 --from 2015 --to 2017 --out-dir certs/ --vc-dir vcs/ --status-list-url https://cme.example.org/meded/status.json
  meded certificate verify 7KQ2-M9XD-4TWP
  meded certificate verify --pdf 张三.pdf --public-key keys.json
  meded certificate verify --vc 张三.json --status-list status.json --public-key keys.json
  meded certificate revoke 7KQ2-M9XD-4TWP --reason '学分记录有误,重新出具'
  meded certificate revocations -o revoked.json --status-list status.json
  meded certificate verify-page -o verify.html --revocations revoked.json",
    ),
    (
        "certificate revocations",
        "写出已作废证明的列表(签名,注明截至时间),供离线核验使用;以及标准凭证的状态列表",
        "\
-o 文件:列出每个已作废的验证码及作废时间和原因,以及列表的生成时间,用签名密钥(数据库旁的密钥,或 --key-file 指定的)签名。核验方把它交给 `certificate verify --revocations 文件`,或放入核验页面;核验时可以看到列表生成了多久。

--status-list 文件:标准凭证(`certificate --vc`)所指的 W3C 状态列表凭证(BitstringStatusListCredential):至少 131,072 项,每份已作废证明对应的位置为 1,经 GZIP 压缩,并签名(eddsa-jcs-2022)。请把它发布在它的地址上(--status-list-url,即凭证中写明的地址;默认为最近建立的列表)。核验方把它交给 `certificate verify --vc 文件 --status-list 文件`。

每次作废证明后,都应重新发布这两个列表。

示例:
  meded certificate revocations -o revoked.json
  meded certificate revocations --status-list status.json
  meded certificate revocations -o revoked.json --status-list status.json --status-list-url https://cme.example.org/meded/status.json
  meded certificate revocations -o revoked.json --key-file /secure/meded.key",
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
        "核验学分证明:按验证码在数据库中核验,或按二维码内容、PDF 或标准凭证用公钥离线核验",
        "\
验证码(CODE)在本数据库中查验。--qr、--pdf 和 --vc 不需要数据库:它们用公钥核验二维码内容的签名(--public-key 给出的文件,即 `meded key export` 写出的,可给多个;不给时,用本数据库及其密钥文件的公钥)。--pdf 从 PDF 中读出二维码内容,并核对 PDF 所载的内容与签名的一致(姓名、跨度、每年的合计)、各页就是签名时的页面(事后未经改动)、二维码就是签名的那一个。--revocations 给出的文件(`certificate revocations` 写出的,由受信任的密钥签名)说明该验证码是否已作废,以及这一信息截至何时;给了 --max-age 天数时,作废列表早于这个天数即核验失败。

--vc 文件核验标准凭证(`certificate --vc` 写出的):核对其 eddsa-jcs-2022 签名出自凭证所称签发者的 did:key,且该密钥是受信任的;加 --status-list 文件(`certificate revocations --status-list` 写出的,由受信任的密钥签名,且正是凭证所指的列表)时,核对凭证对应的位是否为 1,即是否已作废。

JSON(各种核验方式相同):valid、code、name、from、to、kind、revoked,无效时另有 reason。

退出码:0 有效(或已被之后出具的证明取代,会指明是哪一份);1 无效:没有此验证码、已作废、内容被改动、由不受信任的密钥签名,或 PDF 或凭证与签名的内容不符;2 输入无法使用(不是二维码内容、不是 PDF、不是凭证、没有可信任的公钥、作废列表或状态列表核验不通过或不是该凭证所指的列表)。

示例:
  meded certificate verify 7KQ2-M9XD-4TWP
  meded certificate verify 7kq2m9xd4twp --format json
  meded certificate verify --qr 'MC1:NCF2L6D1T7…' --public-key keys.json
  zbarimg --raw scan.png | meded certificate verify --qr - --public-key keys.json
  meded certificate verify --pdf 张三.pdf --public-key keys.json --revocations revoked.json
  meded certificate verify --vc 张三.json --public-key keys.json --status-list status.json",
    ),
    (
        "certificate verify-page",
        "写出离线核验页面:一个内含公钥的 HTML 文件,在任何浏览器中核验二维码内容",
        "\
该页面不需要服务器,也不需要联网:打开页面,粘贴证明二维码的内容(或写在页面地址的 # 之后),页面即以中文和英文显示证明上的内容,或核验不通过的原因。也可以把标准凭证(`certificate --vc` 写出的)拖到页面上:页面用自带的脚本核验其 eddsa-jcs-2022 签名(RFC 8785 规范化 JSON、SHA-256 和 Ed25519)。页面内含公钥(--public-key 给出的文件,否则为本数据库签名用过的全部密钥),加 --revocations 时还含签名的作废列表,加 --status-list 时还含凭证的状态列表,并显示列表生成了多久。

示例:
  meded certificate verify-page -o verify.html
  meded certificate verify-page -o verify.html --revocations revoked.json
  meded certificate verify-page -o verify.html --revocations revoked.json --status-list status.json
  chromium 'file:///path/verify.html#MC1:NCF2L6D1T7…'",
    ),
    ("codes", "省级导入的代码表:毕业院校、毕业专业、学科分类", ""),
    (
        "codes import",
        "用表格中的条目整体替换一个代码表",
        "\
列表:schools(毕业院校:名称 [, 代码])、majors(毕业专业:名称 [, 代码])、subjects(学科分类:一级学科、二级学科 [, 代码])。

导入学校或专业列表后,个人信息的毕业院校、毕业专业按列表校验,与平台的下拉框一致:不在列表中的填“其他”,并在其他毕业院校 / 其他毕业专业中填写真实名称。尚未导入时不校验。导入的学科列表取代 meded 自带的列表。列表整体替换;有行被拒收时整体不导入;重复的条目只收一次。

示例:
  meded codes import schools 全国高等学校名单.xlsx
  meded codes import majors 本科专业目录.xlsx --dry-run
  meded codes import subjects 学科分类.csv",
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

新招收批次的基地填报期(--from … --until)是录入该年度新招收住院医师的时间:在开放之前和截止之后,新增该招收年份的住院医师及其首次上报都被拒绝,并指明所属的批次,除非由省级使用 --override(截止之后,更晚年度的在培更新批次开启期间也可再录入)。已有记录的更新(培训状态、日期、年限、人员类型、个人信息)随时可做,已上报的记录随之变为“未上报”。

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
  meded credit edit 17 --type 省I类 --start 2017-04-22 --end 2017-04-23
  meded credit edit 17 --subject 药学/药理学 --image scans/17.jpg",
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
        "列出一名继教人员或一个机构的学分记录(学分综合查询)",
        "\
给证件号码时:该人员的记录,按年度和日期排列。

加 --org 时:该机构人员的记录,按人员(注册先后)、年度和日期排列,可用 --year 或 --from/--to(举办年度)、--type、--status、--project(项目编号或项目名称的一部分)和 --member 筛选,分页显示(--page、--per-page;0 即全部列出)并给出总页数;--totals 则改为按人员汇总筛选出的记录(记录数、国家级I类、省级I类、II类、合计)。筛选不出任何记录,或页码超过最后一页时,退出码为 1。

示例:
  meded credit list 110101199003070011
  meded credit list 110101199003070011 --from 2015 --to 2017 --format json
  meded credit list --org C017 --year 2017 --type 省级I类
  meded credit list --org C017 --status 待审 --project 超声 --page 2
  meded credit list --org C017 --from 2015 --to 2017 --totals --format csv",
    ),
    (
        "credit review",
        "审核“待审”的学分记录(通过或不通过);纠正误审",
        "\
只审核“待审”的记录;记录已处于所要求的状态时不做改动;其他记录被拒绝并给出说明(退出码 1)。审核不过须附 --reason,继教人员可以看到。误审用 --reopen --reason 纠正:记录重新变为“待审”(可以再修改),变更记录同时保留原审核和这次纠正。

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
职称等级由技术职称判定(--title,否则取导入时登记的职称):主任…/副主任… → 高级,主治/主管 → 中级,医师/技师/护师/药师 … → 初级;括号中写明的等级优先(技师系列 - 副主任技师(副高) → 高级)。区域等级取所在机构的,除非给了 --region-level。所用标准是机构所在省份该年度施行的标准表中同时对应这两个等级的那一条。机构没有填写省份,或该省当年没有施行的标准表时拒绝(加 --org 或 --all 时,在分配任何人员之前),并说明该怎么做。

退出码:0 已分配(或无改动);1(--org、--all)有人员未能分配,连同原因列出;2 拒绝:不是继教人员、技术职称不认识、没有区域等级、没有省份或没有标准表。

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
        "导入一个省的学分标准表(模板“学分标准”)",
        "\
列(工作表“学分标准”):编号、名称、区域等级、职称等级、国家级I类学分、国家级周期年数、省级I类学分、II类学分、总学分、起始年度,可选:省份。
标准表属于哪个省:按“省份”列,否则按 --province(某行所写的省份与 --province 不同时拒收该行);两者都没有的标准表,只有编号是四川省的(SCJA…)时才作为四川省的标准表,否则拒收。
区域等级:省级/三级医院、市州级/二级以下医院、县级、乡镇卫生院或全部;
职称等级:高级、中级、初级、无职称或全部(无职称可以不列:没有职称的人员此时按初级标准)。

标准表要么全部导入,要么都不导入:每行都检查,且每个版本(起始年度)必须把区域等级与高级、中级、初级的每种组合恰好覆盖一次;有缺漏或重叠时整个文件被拒收(退出码 1),不写入任何数据。内容不同的已有版本(某省的某个起始年度)须加 --replace 才能替换(已有人员分配了该版本的标准时拒绝);同一标准表再次导入不做任何改动。

退出码:0 已导入(或无改动);1 有行被拒收,未写入任何数据;2 不是该模板、--province 不认识,或没有给出省份。

示例:
  meded credit-standard import fujian-2020.xlsx --province 福建
  meded credit-standard import table.xlsx --province 35 --dry-run --errors fix-me.xlsx",
    ),
    (
        "credit-standard list",
        "列出各省的学分标准表,或一名人员各年度的学分标准",
        "\
学分标准表按省份区分;内置四川省继教平台的标准表(SCJA1–SCJA10),作为四川省自 2016 年起施行的标准。某省某年度施行的版本,是该省标准表中起始年度不晚于该年度的版本里起始年度最大的那一个。

给证件号码时,列出该人员本人的学分标准(个人学分标准),每个已分配的年度一条,并注明所依据的职称和等级。

退出码:0 已列出(没有可列出的内容时也是 0);2 省份不认识,或证件号码不是继教人员的。

示例:
  meded credit-standard list
  meded credit-standard list --province 35 --year 2021 --format json
  meded credit-standard list 110101199003070011",
    ),
    (
        "credit-standard unassign",
        "取消一名人员某年度的学分标准(记入变更记录)",
        "\
此后该人员当年没有学分标准(credit-standard check 会报告),直到重新分配。变更记录保留被取消的标准编号。

退出码:0 已取消;1 该人员当年没有学分标准(未做改动);2 不是继教人员。

示例:
  meded credit-standard unassign 110101199003070011 --year 2017",
    ),
    ("db", "数据库:建立结构;PostgreSQL 上还有角色及其授予", ""),
    (
        "db grant",
        "把数据库用户设为基地管理员、省级审核或继教管理员(仅 PostgreSQL)",
        "\
服务器上没有同名登录用户时即创建(不设密码:认证方式由服务器管理员决定)。基地管理员用 --org 授予培训基地,继教管理员授予继教单位(可重复以授予多个);省级审核查看全部基地上报的记录,不授予机构。此后变更记录以连接数据库的用户为操作人。

示例:
  meded --db postgres://meded@db.example/meded db grant wang --role base-admin --org H001
  meded --db postgres://meded@db.example/meded db grant li --role province-reviewer
  meded --db postgres://meded@db.example/meded db grant zhao --role cme-office --org C001 --org C002",
    ),
    (
        "db init",
        "建立数据库结构(PostgreSQL 上还可建立角色及其行级安全策略)",
        "\
写入数据的命令(org add、导入等)会新建数据库及其结构;只读的命令遇到不存在的数据库时拒绝执行。`db init` 只新建数据库,不做别的,并报告所用的数据库引擎和结构版本。在 PostgreSQL 服务器上,--roles(由数据库所有者运行,每次升级 meded 后再运行一次)建立三个角色——base-admin、province-reviewer、cme-office——以及由服务器本身限定各角色能看和能改什么的策略。它先检查所需权限(数据表的所有权;建立和授予这三个角色需 CREATEROLE),缺少时说明缺什么,且不做任何更改;否则一次性完成全部,可重复运行。所有者无权做的加固(收回 PUBLIC 的 TEMP 或 public 模式的 CREATE 权限)会列出,交服务器管理员执行。docs/server.md 逐步说明省级部署,docs/security.md 说明安全模型。

示例:
  meded --db meded.db db init
  meded --db postgres://meded@db.example/meded db init --roles",
    ),
    ("key", "为学分证明二维码签名的密钥:创建、导出", ""),
    (
        "key export",
        "写出核验本单位所出证明用的公钥,交给接收证明的单位(`certificate verify --public-key`)",
        "\
以 JSON 写出数据库签名用过的全部公钥(当前密钥及被它替换的密钥),每个附密钥标识(16 位十六进制数)。此文件是公开的:可以邮寄,也可以公布。核验方用 `certificate verify --qr 内容 --public-key 文件` 核验;核验页面(`certificate verify-page`)内含这些公钥。

示例:
  meded key export -o meded-public-keys.json
  meded key export -o keys.json --format json",
    ),
    (
        "key init",
        "创建签名密钥(Ed25519):私钥存入权限为 0600 的文件,公钥记入数据库",
        "\
私钥存放在数据库旁(meded.db → meded.db.key),除非 --key-file 指定了其他位置;私钥从不存入数据库。已有的密钥不会被覆盖:--replace 生成一个新密钥(密钥丢失后,或定期更换密钥时)。旧密钥的公钥仍保留在数据库中,因此它签过的证明仍能核验,`key export` 也仍会导出它。

出具证明时即用此密钥签名;出具第一份证明时若还没有密钥,meded 在数据库旁创建一个并给出提示。

--org 指定此密钥为哪些继教单位签发(可重复):其他单位人员的证明不能用它出具,对照数据库核验时也不予认可。不加 --org 的密钥可为任何单位签发。在省级共享服务器上只有数据库所有者能添加密钥:由所有者为各继教单位用 --org 创建密钥,再把私钥文件交给该单位。

示例:
  meded key init
  meded key init --key-file /secure/meded-signing.key
  meded key init --org C017 --key-file C017-signing.key
  meded key init --replace",
    ),
    ("org", "机构:培训基地与继教单位", ""),
    (
        "org add",
        "新增培训基地或继教单位",
        "\
示例:
  meded org add --code H001 --name 四川大学华西医院 --province 四川 --kind base
  meded org add --code C017 --name 成都市第三人民医院 --province 51 --kind cme --region-level 市州级
  meded org add --code C018 --name 成都市武侯区第三人民医院 --province 四川 --city 成都 --district 武侯区 --kind cme --region-level 县级

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
        "修改机构的名称、省份、市、区县或区域等级",
        "\
机构代码和类别不能修改。每次修改都记入变更记录;已分配的学分标准和已出具的学分证明保持其当初依据的内容不变。

示例:
  meded org update --code C017 --province 四川
  meded org update --code C017 --city 成都 --district 武侯区
  meded org update --code C017 --region-level 三级医院 --name 成都市第三人民医院(三级)",
    ),
    ("profile", "住院医师个人信息:导入、校验、退回修改、查看", ""),
    (
        "profile changes",
        "变更详情:住院医师个人信息的每次变更,变更前后对照",
        "\
列出改动过个人信息的每次导入,及其操作人和时间、每个页签变更前后的内容(由变更记录还原),以及随后基地的退回修改。屏幕上显示每次变更改动的值;--format json 给出全部字段;加 -o 时写出 PDF(每个页签变更前后左右对照,改动的值加底色),或 XLSX/CSV 表格(全部字段,另加一列“已变更”)。没有任何变更记录的住院医师,退出码为 1。

示例:
  meded profile changes 110101199003070011
  meded profile changes 110101199003070011 -o 变更详情.pdf
  meded profile changes 110101199003070011 --format json",
    ),
    (
        "profile import",
        "从工作簿导入住院医师个人信息(基本信息、学习经历、工作信息、证书信息)",
        "\
工作簿的工作表名称与平台的页签相同,都以证件号码为键(meded template profile 可生成空白工作簿):
  基本信息   每人一行
  学习经历   每人每个学历层次一行,学历层次为中专、大专、本科、硕士或博士
  工作信息   每份工作一行(工作单位、科室、职务、开始时间、结束时间)
             结束时间留空或填“至今”:仍在职;工作簿可以没有这个工作表
  证书信息   每人一行
照片列(个人照片、身份证正面照、身份证反面照、学历证书原件、学位证书原件、医师资格证书原件)填写相对于工作簿所在目录的图片路径;路径指向该目录之外时拒收该行。

一个人的个人信息整体替换为文件中此人的内容(工作簿有工作信息时,工作信息也整体替换;没有时,已有的工作信息保持不变);每个改动的字段都记录修改前后的值(见 profile changes),已上报的记录回到未上报。证件号码不存在的行,或加 --org 时属于其他基地的行,会被拒收。招录报名人员的个人信息与此相同:导入时不加 --org(录取之前,他们不属于任何基地)。值会做规范化(任意写法的日期、“是/否”的各种写法、男性/女性、民族带不带“族”、省份写名称或代码);不能识别的值按原样保存,由 profile validate 报告。

示例:
  meded profile import profiles.xlsx --org H001
  meded profile import profiles.xlsx --org H001 --format json
  meded profile import applicants-profiles.xlsx          # 报名人员,不限基地",
    ),
    (
        "profile photo",
        "个人信息所用的照片和扫描件:调整到平台要求之内",
        "",
    ),
    (
        "profile photo fit",
        "缩放并重新编码一张 JPEG,使其符合所属种类的要求",
        "\
平台要求:个人照片不小于 413×626 像素、150–300 KB;身份证正面照/反面照不小于 640×480 像素、150–300 KB;证书扫描件(学历/学位/医师资格证书原件)不小于 1280×800 像素、不超过 300 KB;均为 JPEG。几 MB 的手机照片会缩小后重新编码;压缩过度的照片会以更高质量重新编码,像素不足的放大到最小尺寸以上。照片按相机记录的方向摆正。除非 -o 给出原文件,原文件不变。

示例:
  meded profile photo fit IMG_2041.jpg -o photos/张三.jpg
  meded profile photo fit 身份证正面.jpg -o photos/张三-正面.jpg --kind id-card
  meded profile photo fit 学历证书.jpg -o photos/张三-学历.jpg --kind certificate",
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
检查必填(*)和条件必填(#)字段、日期及其先后、出生日期和性别与证件号码是否一致、代码表(民族、省份、证件类型、学历、学位、医师资格类别/级别)、证书编号、工作信息(起止时间不在将来且先后正确,至多一份工作至今在职,时间重叠的工作给出警告),以及照片和扫描件(是否存在、是否为 JPEG、像素尺寸、文件大小:只读文件头)。

没有任何个人信息有错误时退出码为 0(只有警告也是 0),有错误时为 1。

示例:
  meded profile validate --org H001
  meded profile validate --org H001 --year 2019 --errors fix-me.xlsx
  meded profile validate --file profiles.xlsx          # 不写入任何数据
  meded profile validate --org H001 --skip-images      # 只查数据,更快
  meded profile validate --org H001 --format json",
    ),
    ("recruit", "招录:招录批次、招录计划、报名、审核、录取", ""),
    (
        "recruit admit",
        "把基地审核通过的报名人员录取为该基地的住院医师",
        "\
在一个事务中,该基地在该批次每名“审核通过”的报名人员成为该基地的住院医师:账号的角色和所属机构随之变更(记入变更记录),开立一条培训记录(招收年份为批次的年度,所报培训专业,培训状态“在培”),报名变为“已录取”。与 account import 相同,在其他基地处于“在培”“延期”“暂停”或“结束”状态的人员被拒绝并列出(须由那个基地先改为“退培”);招收年份已被采集批次锁定时须加 --override。再次运行只录取尚未录取的人员。有审核通过的人员未能录取时退出码为 1。

示例:
  meded recruit admit --org H001 --dry-run
  meded recruit admit --org H001 --batch '2025 第一批'",
    ),
    (
        "recruit apply",
        "为报名人员填报志愿,或导入平台导出的志愿",
        "\
只有同时满足以下条件,才接受报名:
  在该批次的报名时间内(按 --now,否则按系统时钟;加 --file 时,有“提交时间”的行按该时间);
  所报专业在该批次有该基地的招录计划(recruit plan import);
  报名人员(以 --role applicant 导入的账号)或住院医师的个人信息完整:基本信息,至少有一段已完成学历的学习经历,证书信息已填写——即通过 profile validate 的全部规则,没有错误;拒绝时指明缺少什么;
  报名人员在该批次没有其他有效的报名(已提交、审核通过、已录取)。被退回或已取消后,报名人员可以再次报名(报同一基地或其他基地,须在报名时间内)。
同一报名再次提交不做任何改动。被拒绝时退出码为 1,并给出原因。

--file 读取志愿模板(meded template application):证件号码、[姓名]、培训基地代码、培训专业、[批次]、[提交时间];每行按上述规则接受或拒收,--dry-run、--strict 和 --errors 与其他导入命令相同。

示例:
  meded recruit apply 350102199801012345 --org H001 --specialty 内科
  meded recruit apply 350102199801012345 --org H001 --specialty 全科 --batch '2025 调剂'
  meded recruit apply --file applications.xlsx --errors refused.xlsx
  MEDED_NOW='2025-03-10 09:00' meded recruit apply --file applications.csv --dry-run",
    ),
    (
        "recruit cancel",
        "在报名期间取消报名",
        "\
只能在该批次的报名时间内(按 --now,否则按系统时钟),且在审核通过之前取消:审核通过的报名不能取消。已取消的报名在报名时间内可以再次提交;报名截止后则不能。取消已取消的报名不做任何改动。不能取消时退出码为 1,并给出原因。

示例:
  meded recruit cancel 350102199801012345
  meded recruit cancel 350102199801012345 --batch '2025 第一批'",
    ),
    (
        "recruit open",
        "开启一个招录批次,并设定其报名时间",
        "\
一个年度可以有多个批次(第一批、调剂 …),先后进行:报名时间与其他批次重叠的,或截止早于开始的,都会被拒绝。起止两端都包含在内;只写日期时,--from 从 00:00:00 开始,--until 到 23:59:59 截止。以相同的报名时间再次开启同一批次不做任何改动;为已有批次设定不同的报名时间会被拒绝。

其他命令可把批次写作“第一批”(最近一个有此批次的年度)或“2025 第一批”;不加 --batch 时,取正在报名的批次,否则取最近一个已开始报名的批次。

示例:
  meded recruit open --year 2025 --batch 第一批 --from '2025-03-01 08:00' --until '2025-03-15 17:00'
  meded recruit open --year 2025 --batch 调剂 --from 2025-04-01 --until 2025-04-07",
    ),
    ("recruit plan", "招录计划:各基地、各专业、各批次的计划人数", ""),
    (
        "recruit plan import",
        "导入招录计划(培训基地代码、培训专业、计划人数、批次)",
        "\
每行给出一个基地某个专业在某个批次的计划人数。基地须为培训基地(用 org add 以 --kind base 新增的),专业须为住培专业之一(见 docs/domain.md#specialties;常见的其他写法也能识别,如“神经外科”即“外科(神经外科方向)”),批次须已由 recruit open 开启。计划人数相同的已有计划跳过;人数不同的跳过并附说明,加 --update 时修改——但不能少于已审核通过的报名人数。

示例:
  meded recruit plan import plan.xlsx
  meded recruit plan import plan.csv --update --errors refused.xlsx",
    ),
    (
        "recruit review",
        "基地审核报名:审核通过或退回",
        "\
基地审核报本基地的报名(--org)。只审核“已提交”的报名:被退回的报名由报名人员改正后再次提交。退回须附 --reason,报名人员可以看到。审核通过按所列顺序(加 --all 时按提交先后)占用计划名额;超出名额的被拒绝,除非加 --override,变更记录会记下这一点。有证件号码未能审核时退出码为 1。

示例:
  meded recruit review 350102199801012345 --org H001 --approve
  meded recruit review 350102199801012345 --org H001 --return --reason '学历证书照片不清晰'
  meded recruit review --org H001 --all --approve
  meded recruit review --org H001 --file approved.xlsx --approve --override",
    ),
    (
        "recruit status",
        "一名报名人员的报名及其历史,或各基地的招录计划及人数",
        "\
给证件号码时:该人员在该批次(--batch,否则为最近一次)的报名,及其状态、原因和历史;没有报名时退出码为 1。不给时:按该批次的基地和专业,列出计划人数和报名情况:报名数(任何状态)、已提交(待审核)、审核通过(审核通过和已录取:已占用的名额)、已录取、退回、已取消。

示例:
  meded recruit status 350102199801012345
  meded recruit status --org H001
  meded recruit status --batch '2025 第一批' --format json",
    ),
    ("report", "向省级上报、统计状态、按国家格式导出", ""),
    (
        "report export",
        "导出国家采集的各个页签(不加 --all 时只导出审核通过的记录)",
        "\
类别:new(当年招收的住院医师)、update(往年招收、仍在培的住院医师)、completion(当年的结业人员)。

工作簿含采集的各个页签:基本信息(每人一行)、学习经历(每人每个学历层次一行)、工作信息(每份工作一行)和证书信息(每人一行),列与个人信息模板相同,因此 `meded profile import` 可以读回导出的文件;培训信息(每条记录一行),列与培训信息模板相同;completion 另有结业信息,按附件1 的格式。证件号码为文本单元格。一个 CSV 文件只能容纳一张表,因此 -o OUT.csv 在其旁边为每个页签各写一个文件(OUT-基本信息.csv …),均为带 BOM 的 UTF-8;其中可能被电子表格程序当作公式的文本,前加撇号做无害化处理。

退出码:0 已写出;1 没有可导出的记录(该年度、该类别没有记录,或不加 --all 时没有审核通过的记录),不写出任何文件;2 选项或输出文件名有误。

示例:
  meded report export --year 2019 -o 2019-new.xlsx
  meded report export --year 2019 --org H001 -o 2019-H001.csv
  meded report export --year 2017 --kind completion -o 2017-completion.xlsx --all",
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
基地(或所列住院医师)尚未上报的每条记录,在培训信息完整、住院医师个人信息通过校验时即上报(已上报,待审核);其余记录连同原因一并列出,命令退出码为 1。记录的首次上报属于该年度的新招收录入:在该采集批次的填报时间之外,须由省级加 --override。此前上报过的记录随时可再次上报。

省级退回修改的记录,修改后即可再次上报。确实无需修改(省级退回有误)的,逐一给出证件号码并说明原因:--resubmit-unchanged --reason 说明 把它原样上报,原因记入变更记录。

示例:
  meded report submit --org H001 --year 2019 --dry-run
  meded report submit --org H001 --year 2019
  meded report submit --org H001 --year 2019 --override --actor 省卫健委
  meded report submit 110101199003070011 --resubmit-unchanged --reason 证书编号经核对无误",
    ),
    (
        "reset-password",
        "把密码重置为默认密码或随机临时密码",
        "\
不加 --random 时,账号恢复为本系统的默认密码(未另行设置时,住院医师为 000000,继教人员为 111111),用户下次登录时须修改。加 --random 时,每个账号获得一个随机临时密码,用 Argon2id 在全部处理器核心上计算哈希,密码只写入 --credentials 文件(创建为仅本人可读)。

给 --org 而不给证件号码时,重置该机构中密码不是用户自己设置的所有账号(用户自设的密码保留,除非加 --all);--role 只处理住院医师、师资、继教人员或报名人员的账号(一个培训基地既有住院医师也有师资)。结果按人员类别分别计数。

示例:
  meded reset-password 110101199003070011
  meded reset-password --file forgotten.xlsx --org H001
  meded reset-password --org H001 --role resident --dry-run
  meded reset-password --org H001 --random --credentials passwords.xlsx
  meded reset-password --org H001 --all",
    ),
    ("rotation", "住院医师的轮转及分配给他们的带教老师", ""),
    (
        "rotation assign",
        "为轮转分配带教老师:按文件,或用 --auto 自动分配",
        "\
带教老师可以带教 Y 年开始的轮转,须同时满足:是该科室的师资,Y 年度被推荐,在 Y 年 1 月 1 日符合条件(或经 --override 推荐),且在轮转的每一天所带住院医师都少于 --max-per-teacher 人。不再被推荐的带教老师不再分配新的轮转。

--file:列(工作表“带教分配”)证件号码、姓名、科室、开始日期、结束日期(指明轮转)、带教老师证件号码、带教老师。已分配给其他带教老师的轮转跳过并附说明,除非加 --update。

--auto:每段没有带教老师的轮转,从其科室的候选师资中分配一名——轮转期间所带住院医师最少的,其次是带教轮转总数最少的;未能分配的轮转连同原因列出(退出码 1)。

示例:
  meded rotation assign --org H001 --auto
  meded rotation assign --org H001 --auto --max-per-teacher 2 --dry-run
  meded rotation assign --org H001 --file 带教分配.xlsx",
    ),
    ("rotation capacity", "科室每月容量", ""),
    (
        "rotation capacity import",
        "导入科室每月容量",
        "\
列(工作表“科室容量”):科室、每月容量、月份(可空)。

科室每月最多可接收的住院医师人数。没有月份的一行是该科室每个月的容量;填了月份(如 2025-09)的一行只设该月,并以此为准。已有的容量与文件不同时跳过并附说明,除非加 --update。

示例:
  meded template department-capacity -o 科室容量.xlsx
  meded rotation capacity import examples/department-capacity.xlsx --org H001
  meded rotation capacity import 科室容量.xlsx --org H001 --update",
    ),
    (
        "rotation import",
        "导入轮转计划",
        "\
列(工作表“轮转计划”):证件号码、姓名、科室、开始日期、结束日期。

住院医师须在本基地处于“在培”或“延期”状态;结束日期不早于开始日期;住院医师同一时间只在一个科室:与同一人员的另一段轮转(文件中的或已登记的)有任何一天重叠的轮转会被拒收。同一段轮转再次导入时跳过。

示例:
  meded rotation import examples/rotations.xlsx --org H001
  meded rotation import 轮转计划.xlsx --org H001 --dry-run --errors fix-me.xlsx",
    ),
    (
        "rotation list",
        "列出轮转:按科室、按人员,或某日正在进行的",
        "\
示例:
  meded rotation list --org H001 --department 心内科
  meded rotation list --org H001 --person 110101199003070011
  meded rotation list --org H001 --date 2024-03-15 --format json",
    ),
    (
        "rotation plan",
        "排班:在一段月份内为基地的住院医师安排轮转",
        "\
安排本基地在排班期间处于培训期内、培训状态为“在培”(或“延期”)的每一名住院医师,按月排:其培训专业轮转方案中的每个科室轮转规定的月数,方案的每一行连续轮转一段;同一时间只在一个科室;只排在培训期内的整月;已登记的轮转所占的月份不再安排(已有的轮转保留,计入科室人数,并抵扣方案中的月数);任何科室任何月份不超过每月容量;“顺序”小的各行先于顺序大的。培训期在排班期间之后仍有剩余的住院医师,可以把部分科室留到之后,只要留下的月数不超过之后剩余的月份。

各科室各月的人数尽量均衡(列出每个科室的峰值和平均值)。同一 --seed 得到同一排班。无法安排的住院医师连同原因(哪些科室在哪些月份已满)列出,其余照常安排(退出码 1)。不加 --dry-run 时,轮转按 rotation import 的方式登记;之后用 rotation assign --auto 分配带教老师。

JSON 字段:住院医师数 residents,已安排数 placed,未能安排的住院医师 unplaced(证件号码 id_number,姓名 name,原因 reasons),新增轮转 rotations(证件号码 id_number,科室 department,开始 start,结束 end),科室负荷 load(科室 department,月份 month,在科人数 residents,容量 capacity)。

示例:
  meded rotation plan --org H001 --from 2025-09 --to 2026-08 --dry-run
  meded rotation plan --org H001 --from 2025-09 --to 2028-08 -o 排班.xlsx
  meded rotation plan --org H001 --from 2025-09 --to 2026-08 --seed 7 --format json",
    ),
    ("rotation programme", "轮转方案:各培训专业轮转的科室和月数", ""),
    (
        "rotation programme import",
        "导入轮转方案",
        "\
列(工作表“轮转方案”):培训专业、轮转科室、轮转月数、顺序(可空)。

每段轮转一行:同一专业中出现在两行的科室分两段轮转。“顺序”排定各行的先后:顺序小的各行都轮转完,顺序大的才开始;没有顺序的行不限先后。一个专业的各行就是它的全部方案(合计不超过 36 个月):同样的方案再次导入时跳过;不同的方案只有加 --update 才替换已有的。有行被拒收时什么也不导入。

示例:
  meded template rotation-programme -o 轮转方案.xlsx
  meded rotation programme import examples/rotation-programme.xlsx --org H001
  meded rotation programme import 轮转方案.xlsx --org H001 --update",
    ),
    ("teacher", "师资:师资信息、资格依据、资格核查、报名、推荐、年度名单", ""),
    (
        "teacher apply",
        "报名某批次所属年度(师资报名申请,即“我要报名”):师资改为已提交",
        "\
师资每年在该年度的一个批次中报名一次,报名时其师资信息须按平台的必填项(*)填写完整:性别、出生日期、证件扫描件、头像照片、是否获得医师资格证书,为“是”时还有医师资格证书扫描件。之后由教学部用 teacher review 对申请作出推荐决定。每名师资单独处理:不能报名的(不是本机构的师资、信息不完整、已在该年度的另一批次报名、已有推荐结果)连同原因列出(退出码 1)。

示例:
  meded teacher apply 110101199003070011 --batch 2024年度住院医师师资
  meded teacher apply --file 报名名单.xlsx --org H001 --batch 2024年度住院医师师资",
    ),
    ("teacher batch", "师资报名批次", ""),
    (
        "teacher batch add",
        "设立报名批次,及其申请所对应的推荐年度",
        "\
报名批次在全省通用;在服务器上由数据库的所有者设立。同一批次再次设立时不作改动;已用于另一年度的名称会被拒绝。

示例:
  meded teacher batch add 2024年度住院医师师资 --year 2024",
    ),
    (
        "teacher batch list",
        "列出报名批次,最近的年度在前",
        "\
示例:
  meded teacher batch list",
    ),
    (
        "teacher check",
        "核查师资在某日是否符合条件,列出每项原因及何时起符合",
        "\
四项规则,以 --as-of 为准(默认为 --year 的 1 月 1 日,否则为今年的 1 月 1 日):取得中级及以上职称满 3 年(或该科室设定的年限),自取得中级职称时间起算;此前 3 年内没有负主要或完全责任的医疗损害事件,也没有重大或严重教学事故(D 日发生的事件,从 D 日计至 D + 3 年,首尾两天都计入);最近两个完整年度的带教评价都没有不合格(某年不合格,须其后连续两年无不合格才符合;没有评价记录的年度按无不合格计)。不符合条件的师资列出全部不符合的原因及 eligible_from:自哪一天起符合条件,无法给出日期时为 null。有被核查的师资不符合条件,或所给证件号码不是该机构的师资时,退出码为 1。

示例:
  meded teacher check --org H001 --year 2024
  meded teacher check --org H001 --as-of 2024-03-01 110101199003070011
  meded teacher check --org H001 --year 2024 --errors 不符合条件.xlsx
  meded teacher check --org H001 --year 2024 --format json",
    ),
    ("teacher events", "师资资格的依据:医疗损害事件、教学事故、带教评价", ""),
    (
        "teacher events import",
        "导入师资记录;记录只增不改,从不覆盖",
        "\
列(工作表“师资记录”):证件号码*、姓名、类别*、日期、年度、责任程度、等级、结果、说明。类别为医疗损害事件时填日期和责任程度(完全/主要/次要/轻微);教学事故填日期和等级(重大/严重/一般);带教评价填年度和结果(合格/不合格)。同一记录再次导入时跳过;某年度已有不同的评价结果时拒收(先撤回错误的评价);已撤回的记录再次导入仍为已撤回。

示例:
  meded teacher events import examples/teacher-events.xlsx --org H001
  meded teacher events import 师资记录.xlsx --org H001 --dry-run",
    ),
    (
        "teacher events list",
        "列出师资记录,及 withdraw 所用的记录编号",
        "\
示例:
  meded teacher events list --org H001
  meded teacher events list --org H001 110101199003070011 --withdrawn",
    ),
    (
        "teacher events withdraw",
        "撤回错误的记录(已撤回),附原因,记入变更记录",
        "\
示例:
  meded teacher events withdraw 12 --reason 录入错误,应为次要责任
  meded teacher events withdraw 12 13 --org H001 --reason 重复登记",
    ),
    (
        "teacher import",
        "导入师资信息(角色为师资的账号)",
        "\
列(工作表“师资信息”,在标题行之下按列名查找,顺序不限):
  姓名*、身份证件类别、证件号码*、性别、出生日期、民族、健康状况、证件扫描件、
  头像照片、是否获得医师资格证书、取得证书时间、执业资格级别、执业资格类别、
  医师资格证书编码、医师资格证书扫描件、手机号*、
  电子邮箱、最高学历、科室*、技术职称*、取得中级职称时间、执业医师证号、
  带教任职时间、师资级别、师资培训证书级别、取得师资培训证书时间

性别和出生日期可以不填,由居民身份证号码得出;填写时须与号码一致。健康状况:健康或良好、一般或较弱、有慢性病、残疾。证件扫描件、头像照片、医师资格证书扫描件填写相对于工作簿所在文件夹的 JPEG 图片路径,按个人信息照片的标准检查(证件扫描件不小于 640×480、150–300 KB;头像照片不小于 413×626、竖放、150–300 KB;证书扫描件不小于 1280×800、不超过 300 KB)。是否获得医师资格证书为“是”时,须填写取得证书时间、执业资格级别、执业资格类别和医师资格证书编码(27 位,以持证人本人的证件号码结尾);为“已通过考试,尚未发放证书”时,须填写所通过考试的执业资格级别和执业资格类别,不应填取得证书时间、医师资格证书编码、医师资格证书扫描件和执业医师证号;为“否”时这些都不应填。中级及以上职称须填写取得中级职称时间(任职年限从此时起算)。执业医师证号为 15 位数字。没有省级或国家级师资培训证书的骨干师资会被拒收。已有的师资与文件中的行不同时跳过并附说明,除非加 --update;属于其他机构的师资会被拒收,除非加 --update(调入本机构)。

示例:
  meded teacher import examples/teachers.xlsx --org H001
  meded teacher import 师资信息.xlsx --org H001 --dry-run --errors fix-me.xlsx
  meded teacher import 师资信息.xlsx --org H001 --update",
    ),
    (
        "teacher list",
        "列出机构的师资,及其报名申请和推荐结果",
        "\
加 --year(或 --batch)时,同时显示每名师资在该年度的报名批次、推荐状态(未报名、已提交、推荐、不推荐)、推荐时间、推荐用户和不推荐原因。近3年带教人数是在该年 1 月 1 日(未给年度时为今天)之前 3 年内与该师资有轮转的住院医师人数;中级职称年限也计至同一天。各筛选条件同时适用;范围(RANGE)写作 3(恰为 3)、3-(3 及以上)或 3-5。

示例:
  meded teacher list --org H001
  meded teacher list --org H001 --year 2024 --department 心内科 --format json
  meded teacher list --org H001 --batch 2024年度住院医师师资 --status 已提交
  meded teacher list --org H001 --year 2024 --title 中级 --years 3- --taught 0",
    ),
    (
        "teacher review",
        "对某年度师资的报名申请作出推荐或不推荐",
        "\
处理该年度(或加 --batch 时该批次)的报名申请(teacher apply);未报名的师资会被拒绝。决定可以改变,在记录报名申请之前作出的决定也可以。推荐在该年度 1 月 1 日不符合条件的师资时拒绝,除非加 --override 并附 --reason,决定和变更记录都保存该原因。不推荐须附 --reason。每名师资单独决定:被拒绝的连同原因列出(退出码 1)。

示例:
  meded teacher review 110101199003070011 310115198511200020 --year 2024 --recommend
  meded teacher review --file 推荐名单.xlsx --org H001 --batch 2024年度住院医师师资 --recommend
  meded teacher review 110101199003070011 --year 2024 --reject --reason 本年度无带教任务
  meded teacher review 110101199003070011 --year 2024 --recommend --override --reason 学科急需,经教学委员会讨论",
    ),
    (
        "teacher roster",
        "年度师资名单:增加和解聘",
        "\
增加:该年度被推荐(且在该年 1 月 1 日符合条件,或经 --override 推荐)、上一年度未被推荐的师资。解聘:上一年度被推荐、本年度未被推荐的师资(未推荐、不推荐、不再符合条件,或已不是本机构的师资),附解聘原因。列:变动、姓名、身份证号、执业医师证号、手机号、电子邮箱、带教任职时间、科室、解聘原因。已被推荐但不符合条件、又未经 --override 的师资,既不增加也不解聘:另行列出(退出码 1)。

示例:
  meded teacher roster --org H001 --year 2024 -o 师资增减.xlsx
  meded teacher roster --org H001 --year 2024 --format csv > roster.csv",
    ),
    ("teacher threshold", "各科室的任职年限标准(如外科 5 年);默认没有", ""),
    (
        "teacher threshold list",
        "列出已设置的标准",
        "\
示例:
  meded teacher threshold list --org H001",
    ),
    (
        "teacher threshold remove",
        "删除科室的标准(改按国家规定)",
        "\
示例:
  meded teacher threshold remove --org H001 --department 普外科",
    ),
    (
        "teacher threshold set",
        "设置科室要求的中级职称任职年限(至少 3 年)和最低学历",
        "\
示例:
  meded teacher threshold set --org H001 --department 普外科 --years 5
  meded teacher threshold set --org H001 --department 皮肤科 --years 10 --education 本科",
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
  meded template training -o 培训信息.xlsx
  meded template teacher -o 师资信息.xlsx
  meded template archive -o 技术档案.xlsx
  meded template recruit-plan -o 招录计划.xlsx
  meded template application -o 志愿.xlsx
  meded template rotation-programme -o 轮转方案.xlsx
  meded template department-capacity -o 科室容量.xlsx",
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
    (
        "",
        "db",
        "数据库文件;由第一条写入数据的命令(org add、db init 等)创建,只读的命令从不创建。",
    ),
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
        "以此机构(基地或继教单位)的身份操作:只能删除它的账号。",
    ),
    ("account delete", "reason", "原因(记入历史记录)。"),
    (
        "account import",
        "file",
        "名单文件:XLSX、XLS、ODS 或 CSV(UTF-8 或 GBK 编码,逗号或制表符分隔)。",
    ),
    ("account import", "org", "账号所属的机构(报名人员不填)。"),
    (
        "account import",
        "role",
        "账号类别:resident 住院医师,teacher 师资,member 继教人员,applicant 报名人员(招录)。",
    ),
    ("account import", "sheet", IMPORT_SHEET),
    ("account import", "dry_run", IMPORT_DRY_RUN),
    ("account import", "strict", IMPORT_STRICT),
    ("account import", "update", IMPORT_UPDATE),
    ("account import", "errors", IMPORT_ERRORS),
    (
        "account import",
        "override_lock",
        "在新招收录入已锁定(截止后或开放前)时仍导入该招收年份的住院医师(由省级决定,记入变更记录)。",
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
        "账号类别:resident 住院医师,teacher 师资,member 继教人员,applicant 报名人员(招录)。",
    ),
    ("account set-password", "id_number", "证件号码,即登录名。"),
    (
        "account set-password",
        "old",
        "用户本人修改密码:先读取并核对原密码,再读取两次新密码(标准输入中为三行)。",
    ),
    ("account show", "id_number", "证件号码。"),
    ("archive changes", "id_number", "继教人员的证件号码。"),
    (
        "archive changes",
        "out",
        "把变更详情写入此 .pdf、.xlsx 或 .csv 文件。",
    ),
    ("archive import", "file", "档案工作簿:XLSX、XLS 或 ODS。"),
    ("archive import", "org", "只导入此单位的人员;其他人员拒收。"),
    ("archive import", "sheet", IMPORT_SHEET),
    ("archive import", "dry_run", IMPORT_DRY_RUN),
    ("archive import", "strict", IMPORT_STRICT),
    ("archive import", "update", IMPORT_UPDATE),
    ("archive import", "errors", IMPORT_ERRORS),
    ("archive pending", "org", "单位(代码)。"),
    (
        "archive resume",
        "id_number",
        "继教人员的证件号码:生成一份个人简历表,写入 -o 指定的文件。",
    ),
    (
        "archive resume",
        "out",
        "要写入的 PDF 文件(与 ID_NUMBER 同用);文件名没有 .pdf 时自动加上。",
    ),
    (
        "archive resume",
        "org",
        "此单位(代码)的全部人员,写入 --out-dir。",
    ),
    (
        "archive resume",
        "out_dir",
        "与 --org 同用:存放 PDF 的目录(不存在时创建)。",
    ),
    (
        "archive resume",
        "font",
        "排版个人简历表所用的 TrueType/OpenType 字体或字体集(默认:内置的 Noto Sans SC,含 GBK 字符)。",
    ),
    (
        "archive resume",
        "font_index",
        "使用字体集(.ttc)中的第几个字体。",
    ),
    ("archive review", "id_numbers", "继教人员的证件号码。"),
    (
        "archive review",
        "org",
        "不给证件号码时:此单位全部待审核的变更;给了证件号码时:只审核此单位的人员。",
    ),
    ("archive review", "approve", "审核通过:变更成为档案。"),
    ("archive review", "reject", "审核不通过(须附 --reason)。"),
    (
        "archive review",
        "reason",
        "原因:继教人员可以看到,随变更保存并记入变更记录。",
    ),
    ("archive show", "id_number", "继教人员的证件号码。"),
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
        "vc",
        "与 ID_NUMBER 同用:另把证明写成标准凭证(W3C 可验证凭证 2.0,Open Badges 3.0),存入此 JSON 文件。",
    ),
    (
        "certificate",
        "vc_dir",
        "与 --org 或 --members 同用:另把每份证明写成标准凭证,存入此目录(不存在时创建),文件名同 PDF,扩展名为 .json。",
    ),
    (
        "certificate",
        "status_list_url",
        "与 --vc 或 --vc-dir 同用:凭证所指的状态列表的地址,即本单位发布列表的地方(默认:最近建立的列表,或新建一个以 urn:uuid:… 命名的列表)。",
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
        "证明上印的出具日期(默认为今天),如 2017-10-27;此日期之后审核通过的学分不计入,因此可以按当日的情况重新出具证明。",
    ),
    (
        "certificate",
        "key_file",
        "为二维码签名的私钥(默认:数据库旁的 <db>.key,首次使用时创建)。",
    ),
    ("certificate revocations", "out", "要写入的作废列表(JSON)。"),
    (
        "certificate revocations",
        "status_list",
        "要写入的标准凭证状态列表(JSON)。",
    ),
    (
        "certificate revocations",
        "status_list_url",
        "与 --status-list 同用:列表的地址,即其凭证中写明的地址(默认:最近建立的列表)。",
    ),
    (
        "certificate revocations",
        "key_file",
        "为列表签名的私钥(默认:数据库旁的密钥文件)。",
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
    (
        "certificate verify",
        "qr",
        "证明二维码的内容(MC1:…);为 - 时从标准输入读取。",
    ),
    ("certificate verify", "pdf", "证明的 PDF 文件。"),
    (
        "certificate verify",
        "vc",
        "证明的标准凭证(JSON,`certificate --vc` 写出的)。",
    ),
    (
        "certificate verify",
        "status_list",
        "与 --vc 同用:凭证所指的状态列表(`certificate revocations --status-list` 写出的)。",
    ),
    (
        "certificate verify",
        "public_key",
        "要信任的公钥文件(`meded key export` 写出的);可重复给出多个(默认:本数据库及其密钥文件的公钥)。",
    ),
    (
        "certificate verify",
        "revocations",
        "签名的作废列表(`certificate revocations` 写出的)。",
    ),
    (
        "certificate verify",
        "max_age",
        "作废列表(或状态列表)早于这个天数时,核验失败。",
    ),
    (
        "certificate verify",
        "key_file",
        "不给 --public-key 时:信任此私钥对应的公钥(默认:数据库旁的密钥文件)。",
    ),
    ("certificate verify-page", "out", "要写入的 HTML 文件。"),
    (
        "certificate verify-page",
        "public_key",
        "要放入页面的公钥文件;可重复给出多个(默认:本数据库签名用过的全部密钥)。",
    ),
    (
        "certificate verify-page",
        "revocations",
        "要放入页面的签名作废列表。",
    ),
    (
        "certificate verify-page",
        "status_list",
        "要放入页面的状态列表(`certificate revocations --status-list` 写出的),供核验拖到页面上的标准凭证。",
    ),
    (
        "certificate verify-page",
        "key_file",
        "不给 --public-key 时:放入此私钥对应的公钥(默认:数据库旁的密钥文件)。",
    ),
    (
        "codes import",
        "list",
        "哪个列表:schools 毕业院校,majors 毕业专业,subjects 学科分类。",
    ),
    ("codes import", "file", "表格文件:XLSX、XLS、ODS 或 CSV。"),
    ("codes import", "sheet", IMPORT_SHEET),
    ("codes import", "dry_run", IMPORT_DRY_RUN),
    ("codes import", "strict", IMPORT_STRICT),
    ("codes import", "update", IMPORT_UPDATE),
    ("codes import", "errors", IMPORT_ERRORS),
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
    (
        "credit edit",
        "subject",
        "学科分类:两级,一级学科/二级学科(如 药学/药理学)。",
    ),
    ("credit edit", "remark", "备注(给 '' 即清空)。"),
    ("credit edit", "image", "上传图片:JPEG 文件(给 '' 即删除)。"),
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
    ("credit list", "org", "此机构(代码)的全部继教人员。"),
    ("credit list", "year", "只列出此年度(举办年度)的记录。"),
    (
        "credit list",
        "kind",
        "与 --org 同用:学分类型(国家级I类、省级I类、II类)。",
    ),
    (
        "credit list",
        "status",
        "与 --org 同用:审核状态(待审、审核通过、审核不过)。",
    ),
    (
        "credit list",
        "project",
        "与 --org 同用:项目编号或项目名称的一部分。",
    ),
    (
        "credit list",
        "member",
        "与 --org 同用:只列出一名人员(证件号码)。",
    ),
    ("credit list", "page", "与 --org 同用:要显示的页(从 1 起)。"),
    (
        "credit list",
        "per_page",
        "与 --org 同用:每页的记录数(0 为全部)。",
    ),
    (
        "credit list",
        "totals",
        "与 --org 同用:按人员汇总筛选出的记录数和各类学分,而不列出记录。",
    ),
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
        "退回“待审”:纠正误审(须附 --reason)。",
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
        "province",
        "标准表所属的省份(名称或 GB/T 2260 代码),用于没有“省份”列的行。",
    ),
    (
        "credit-standard import",
        "replace",
        "与 --update 相同:替换内容不同的已有版本。",
    ),
    (
        "credit-standard list",
        "id_number",
        "一名继教人员的证件号码:列出其各年度的学分标准。",
    ),
    (
        "credit-standard list",
        "province",
        "只列出此省的标准表(名称或 GB/T 2260 代码)。",
    ),
    (
        "credit-standard list",
        "year",
        "只列出此年度施行的版本(给了证件号码时:该人员当年的标准)。",
    ),
    (
        "credit-standard unassign",
        "id_number",
        "继教人员的证件号码。",
    ),
    ("credit-standard unassign", "year", "要取消其标准的年度。"),
    ("db grant", "user", "数据库用户(登录)名。"),
    ("db grant", "role", "该用户的角色。"),
    ("db grant", "orgs", "该用户管理的机构(可重复)。"),
    (
        "db init",
        "roles",
        "同时建立角色和行级安全策略(PostgreSQL)。",
    ),
    ("key export", "out", "要写入的公钥文件。"),
    (
        "key export",
        "key_file",
        "私钥:其公钥标为当前密钥(默认:数据库旁的密钥文件)。",
    ),
    (
        "key init",
        "key_file",
        "私钥的存放位置(默认:数据库旁的 <db>.key)。",
    ),
    (
        "key init",
        "orgs",
        "此密钥为之签发的继教单位(可重复)[默认:任何单位]。",
    ),
    (
        "key init",
        "replace",
        "用新密钥替换已有的密钥(旧密钥签过的证明仍能核验)。",
    ),
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
    ("org add", "city", "省内的市(按所写保存),如 成都。"),
    (
        "org add",
        "district",
        "市内的区或县(按所写保存),如 武侯区。",
    ),
    ("org add", "kind", "机构类别:base 培训基地,cme 继教单位。"),
    (
        "org add",
        "region_level",
        "区域等级,用于学分标准:省级/三级医院、市州级/二级以下医院、县级或乡镇卫生院(也可写作省级、三级、市州级、二级等)。",
    ),
    ("org update", "city", "市;给空值则删除。"),
    ("org update", "code", "要修改的机构(代码)。"),
    ("org update", "district", "区或县;给空值则删除。"),
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
    ("profile changes", "id_number", "住院医师的证件号码。"),
    (
        "profile changes",
        "out",
        "把变更详情写入此 .pdf、.xlsx 或 .csv 文件。",
    ),
    (
        "profile import",
        "file",
        "个人信息工作簿:含基本信息、学习经历、证书信息(及工作信息)工作表的 XLSX、XLS 或 ODS。",
    ),
    (
        "profile import",
        "org",
        "只导入此基地的住院医师;其他人员(及报名人员)拒收。",
    ),
    ("profile import", "sheet", IMPORT_SHEET),
    ("profile import", "dry_run", IMPORT_DRY_RUN),
    ("profile import", "strict", IMPORT_STRICT),
    ("profile import", "update", IMPORT_UPDATE),
    ("profile import", "errors", IMPORT_ERRORS),
    (
        "profile import",
        "_override_lock",
        "为旧脚本保留:个人信息随时可以更新,此选项不起作用。",
    ),
    (
        "profile photo fit",
        "file",
        "原来的 JPEG(手机照片、扫描件)。",
    ),
    (
        "profile photo fit",
        "out",
        "调整后的 JPEG 写入的位置(文件名没有 .jpg 时自动加上)。",
    ),
    (
        "profile photo fit",
        "kind",
        "图片的种类:决定它须符合的要求。",
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
    ("recruit admit", "org", "录取的培训基地。"),
    (
        "recruit admit",
        "batch",
        "批次(默认:正在报名的批次,否则为最近的批次)。",
    ),
    (
        "recruit admit",
        "dry_run",
        "报告哪些人会被录取、哪些不会,不写入任何数据。",
    ),
    (
        "recruit admit",
        "override_lock",
        "录取到采集批次已截止的招收年份(由省级决定,记入变更记录)。",
    ),
    (
        "recruit admit",
        "now",
        "按此时刻办理(如 2025-03-15 17:00:00),而不按系统时钟。",
    ),
    ("recruit apply", "id_number", "报名人员的证件号码。"),
    ("recruit apply", "org", "所报的培训基地(培训基地代码)。"),
    ("recruit apply", "specialty", "所报的培训专业。"),
    (
        "recruit apply",
        "batch",
        "批次(默认:正在报名的批次);加 --file 时,用于没有写批次的行。",
    ),
    (
        "recruit apply",
        "file",
        "从平台导出的志愿文件导入(模板 application)。",
    ),
    ("recruit apply", "sheet", IMPORT_SHEET),
    ("recruit apply", "dry_run", IMPORT_DRY_RUN),
    ("recruit apply", "strict", IMPORT_STRICT),
    ("recruit apply", "update", IMPORT_UPDATE),
    ("recruit apply", "errors", IMPORT_ERRORS),
    (
        "recruit apply",
        "now",
        "按此时刻办理(如 2025-03-15 17:00:00),而不按系统时钟。",
    ),
    ("recruit cancel", "id_number", "报名人员的证件号码。"),
    (
        "recruit cancel",
        "batch",
        "批次(默认:该人员最近的一次报名)。",
    ),
    (
        "recruit cancel",
        "now",
        "按此时刻办理(如 2025-03-15 17:00:00),而不按系统时钟。",
    ),
    ("recruit open", "year", "招录年度(即录取人员的招收年份)。"),
    ("recruit open", "batch", "批次名称:第一批、第二批、调剂 …"),
    ("recruit open", "from", "报名开始的时刻。"),
    ("recruit open", "until", "报名截止的时刻。"),
    (
        "recruit plan import",
        "file",
        "招录计划:XLSX、XLS、ODS 或 CSV(meded template recruit-plan)。",
    ),
    ("recruit plan import", "sheet", IMPORT_SHEET),
    ("recruit plan import", "dry_run", IMPORT_DRY_RUN),
    ("recruit plan import", "strict", IMPORT_STRICT),
    ("recruit plan import", "update", IMPORT_UPDATE),
    ("recruit plan import", "errors", IMPORT_ERRORS),
    ("recruit review", "id_numbers", "报名人员的证件号码。"),
    ("recruit review", "org", "审核的基地:只审核报此基地的报名。"),
    (
        "recruit review",
        "batch",
        "批次(默认:正在报名的批次,否则为最近的批次)。",
    ),
    ("recruit review", "approve", "审核通过。"),
    ("recruit review", "return_", "退回(须附 --reason)。"),
    (
        "recruit review",
        "reason",
        "原因:报名人员可以看到,并记入变更记录。",
    ),
    (
        "recruit review",
        "all",
        "该批次报此基地的全部“已提交”的报名。",
    ),
    (
        "recruit review",
        "file",
        "从文件读取证件号码:有“证件号码”列的表格,或每行一个证件号码的文本文件。",
    ),
    (
        "recruit review",
        "override_places",
        "超出计划人数审核通过(记入变更记录)。",
    ),
    (
        "recruit review",
        "now",
        "按此时刻办理(如 2025-03-15 17:00:00),而不按系统时钟。",
    ),
    (
        "recruit status",
        "id_number",
        "一名报名人员的证件号码:显示其报名及历史。",
    ),
    ("recruit status", "org", "只显示此基地的招录计划。"),
    (
        "recruit status",
        "batch",
        "批次(默认:正在报名的批次,否则为最近的批次)。",
    ),
    (
        "recruit status",
        "now",
        "按此时刻办理(如 2025-03-15 17:00:00),而不按系统时钟。",
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
    (
        "report export",
        "output",
        "要写入的文件:.xlsx(每个页签一个工作表)或 .csv(在其旁边每个页签各写一个文件)。",
    ),
    ("report status", "org", "只统计此基地的记录。"),
    ("report status", "year", "只统计此招收年份的记录。"),
    (
        "report submit",
        "id_numbers",
        "只上报这些住院医师的记录(证件号码)。",
    ),
    (
        "report submit",
        "org",
        "上报的培训基地(未给出证件号码时上报其全部记录)。",
    ),
    ("report submit", "year", "只上报此招收年份的记录。"),
    (
        "report submit",
        "dry_run",
        "显示哪些会上报、哪些不会,但不上报。",
    ),
    (
        "report submit",
        "override_lock",
        "在新招收录入已锁定(截止后或开放前)时仍首次上报该年度的记录(省级的决定,记入变更记录)。",
    ),
    (
        "report submit",
        "resubmit_unchanged",
        "把省级退回、其后未作修改的所列记录原样重新上报(须附 --reason)。",
    ),
    (
        "report submit",
        "reason",
        "原样重新上报的原因(记入变更记录)。",
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
    ("reset-password", "role", "只处理此类人员的账号。"),
    (
        "reset-password",
        "dry_run",
        "列出将被重置的账号,不做任何改动。",
    ),
    ("rotation assign", "org", "机构(培训基地)代码。"),
    ("rotation assign", "file", "分配表:带教分配工作簿。"),
    (
        "rotation assign",
        "auto",
        "为每段没有带教老师的轮转,从其科室的候选师资中分配一名。",
    ),
    (
        "rotation assign",
        "max_per_teacher",
        "一名带教老师同时带教的住院医师数上限。",
    ),
    ("rotation assign", "sheet", IMPORT_SHEET),
    ("rotation assign", "dry_run", IMPORT_DRY_RUN),
    ("rotation assign", "strict", IMPORT_STRICT),
    ("rotation assign", "update", IMPORT_UPDATE),
    ("rotation assign", "errors", IMPORT_ERRORS),
    ("rotation capacity import", "file", "科室容量工作簿。"),
    ("rotation capacity import", "org", "机构(培训基地)代码。"),
    ("rotation capacity import", "sheet", IMPORT_SHEET),
    ("rotation capacity import", "dry_run", IMPORT_DRY_RUN),
    ("rotation capacity import", "strict", IMPORT_STRICT),
    ("rotation capacity import", "update", IMPORT_UPDATE),
    ("rotation capacity import", "errors", IMPORT_ERRORS),
    ("rotation import", "file", "轮转计划工作簿。"),
    ("rotation import", "org", "机构(培训基地)代码。"),
    ("rotation import", "sheet", IMPORT_SHEET),
    ("rotation import", "dry_run", IMPORT_DRY_RUN),
    ("rotation import", "strict", IMPORT_STRICT),
    ("rotation import", "update", IMPORT_UPDATE),
    ("rotation import", "errors", IMPORT_ERRORS),
    ("rotation list", "org", "机构(培训基地)代码。"),
    ("rotation list", "department", "只列出此科室的轮转。"),
    (
        "rotation list",
        "person",
        "只列出此住院医师(证件号码)的轮转。",
    ),
    ("rotation list", "date", "只列出此日正在进行的轮转。"),
    ("rotation plan", "org", "机构(培训基地)代码。"),
    ("rotation plan", "from", "排班的第一个月(如 2025-09)。"),
    ("rotation plan", "to", "排班的最后一个月(如 2026-08)。"),
    ("rotation plan", "dry_run", "排班并报告,但不登记任何轮转。"),
    (
        "rotation plan",
        "out",
        "同时把排班写入工作簿:住院医师 × 月份,科室 × 月份。",
    ),
    (
        "rotation plan",
        "seed",
        "换一个种子得到另一个同样质量的排班;同一种子,同一排班。",
    ),
    ("rotation programme import", "file", "轮转方案工作簿。"),
    ("rotation programme import", "org", "机构(培训基地)代码。"),
    ("rotation programme import", "sheet", IMPORT_SHEET),
    ("rotation programme import", "dry_run", IMPORT_DRY_RUN),
    ("rotation programme import", "strict", IMPORT_STRICT),
    ("rotation programme import", "update", IMPORT_UPDATE),
    ("rotation programme import", "errors", IMPORT_ERRORS),
    ("teacher apply", "ids", "师资的证件号码。"),
    (
        "teacher apply",
        "file",
        "证件号码清单:有“证件号码”列的表格,或每行一个证件号码的文本文件。",
    ),
    ("teacher apply", "org", "只处理此机构的师资。"),
    ("teacher apply", "batch", "所报名的批次(报名批次)。"),
    (
        "teacher batch add",
        "name",
        "批次名称,如 2024年度住院医师师资。",
    ),
    (
        "teacher batch add",
        "year",
        "该批次的申请所对应的推荐年度。",
    ),
    ("teacher check", "org", "机构(培训基地)代码。"),
    (
        "teacher check",
        "year",
        "名单年度(默认取 --as-of 的年份,否则为今年)。",
    ),
    (
        "teacher check",
        "as_of",
        "判定所依据的日期(默认为该年度的 1 月 1 日)。",
    ),
    (
        "teacher check",
        "ids",
        "只核查这些师资(证件号码);逐条显示每项规则。",
    ),
    ("teacher check", "all", "表格中也列出符合条件的师资。"),
    (
        "teacher check",
        "errors",
        "把不符合条件的师资连同全部原因写入此 .xlsx 或 .csv 文件。",
    ),
    ("teacher events import", "file", "师资记录工作簿。"),
    ("teacher events import", "org", "机构(培训基地)代码。"),
    ("teacher events import", "sheet", IMPORT_SHEET),
    ("teacher events import", "dry_run", IMPORT_DRY_RUN),
    ("teacher events import", "strict", IMPORT_STRICT),
    ("teacher events import", "update", IMPORT_UPDATE),
    ("teacher events import", "errors", IMPORT_ERRORS),
    ("teacher events list", "org", "机构(培训基地)代码。"),
    (
        "teacher events list",
        "ids",
        "只列出这些师资(证件号码)的记录。",
    ),
    ("teacher events list", "withdrawn", "也列出已撤回的记录。"),
    (
        "teacher events withdraw",
        "ids",
        "记录编号(`teacher events list` 中的 id)。",
    ),
    (
        "teacher events withdraw",
        "reason",
        "原因:随记录保存,并记入变更记录。",
    ),
    ("teacher events withdraw", "org", "只处理此机构师资的记录。"),
    (
        "teacher import",
        "file",
        "师资信息工作簿:XLSX、XLS、ODS 或 CSV。",
    ),
    ("teacher import", "org", "机构(培训基地)代码。"),
    ("teacher import", "sheet", IMPORT_SHEET),
    ("teacher import", "dry_run", IMPORT_DRY_RUN),
    ("teacher import", "strict", IMPORT_STRICT),
    ("teacher import", "update", IMPORT_UPDATE),
    ("teacher import", "errors", IMPORT_ERRORS),
    ("teacher list", "org", "机构(培训基地)代码。"),
    (
        "teacher list",
        "year",
        "同时显示每名师资在此年度的报名申请和推荐状态。",
    ),
    (
        "teacher list",
        "batch",
        "只列出在此批次(报名批次)报名的师资,年度为该批次的年度。",
    ),
    ("teacher list", "department", "只列出此科室的师资。"),
    (
        "teacher list",
        "title",
        "只列出此技术职称(主治医师)或此级别(中级、副高、正高、高级、初级)的师资。",
    ),
    (
        "teacher list",
        "years",
        "只列出取得中级职称整年数在此范围(RANGE)内的师资。",
    ),
    (
        "teacher list",
        "status",
        "只列出此推荐状态的师资:未报名、已提交、推荐或不推荐(须同时给出 --year 或 --batch)。",
    ),
    (
        "teacher list",
        "taught",
        "只列出近 3 年带教住院医师人数(近3年带教人数)在此范围(RANGE)内的师资。",
    ),
    ("teacher review", "ids", "师资的证件号码。"),
    (
        "teacher review",
        "file",
        "证件号码清单:有“证件号码”列的表格,或每行一个证件号码的文本文件。",
    ),
    ("teacher review", "org", "只处理此机构的师资。"),
    ("teacher review", "year", "所决定的年度。"),
    (
        "teacher review",
        "batch",
        "只处理此批次(报名批次)的报名申请;年度为该批次的年度。",
    ),
    ("teacher review", "recommend", "推荐。"),
    ("teacher review", "reject", "不推荐(须附 --reason)。"),
    (
        "teacher review",
        "reason",
        "原因:随决定保存,并记入变更记录。",
    ),
    (
        "teacher review",
        "override_ineligible",
        "推荐不符合条件的师资,理由见 --reason。",
    ),
    ("teacher roster", "org", "机构(培训基地)代码。"),
    ("teacher roster", "year", "名单年度。"),
    (
        "teacher roster",
        "output",
        "把名单写入此 .xlsx 或 .csv 文件。",
    ),
    ("teacher threshold list", "org", "机构(培训基地)代码。"),
    ("teacher threshold remove", "org", "机构(培训基地)代码。"),
    ("teacher threshold remove", "department", "科室。"),
    ("teacher threshold set", "org", "机构(培训基地)代码。"),
    (
        "teacher threshold set",
        "department",
        "科室,与名单中的名称一致。",
    ),
    (
        "teacher threshold set",
        "years",
        "取得中级及以上职称的年限:3–30。",
    ),
    (
        "teacher threshold set",
        "education",
        "最高学历的最低要求:大专、本科、硕士或博士。",
    ),
    (
        "template",
        "name",
        "模板:account 账号模板(住院医师,或 --role member / teacher),profile 个人信息(基本信息、学习经历、工作信息、证书信息),training 培训信息(由基地填写),completion 结业信息(附件1:提前结业人员),credit 学分登记,credit-standard 学分标准,teacher 师资信息,teacher-event 师资记录(医疗损害事件、教学事故、带教评价),rotation 轮转计划,rotation-assign 带教分配(为每段轮转指定带教老师),archive 技术档案(个人基本信息、教育经历、培训经历、论文论著、工作经历、获奖情况),recruit-plan 招录计划(各基地、各专业、各批次的计划人数),application 志愿(所报的基地和专业),rotation-programme 轮转方案(各专业轮转的科室和月数),department-capacity 科室容量(各科室每月可接收的人数)。",
    ),
    (
        "template",
        "output",
        "模板写入的位置(.xlsx;文件名没有扩展名时自动加上)。",
    ),
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
        "在新招收录入已锁定、且不在结业补报批次期间时,仍录入该年度的提前结业人员(结业信息;由省级决定)。",
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
        "_override_lock",
        "为旧脚本保留:培训状态随时可以更新,此选项不起作用。",
    ),
];
