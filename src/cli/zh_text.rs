//! The Chinese texts of the command line: each command's summary and notes
//! (with examples), and each option's help, by the command's path. The
//! English texts stand beside the code; these are their Chinese versions,
//! which `meded --lang zh … --help` shows (see [`super::zh`]).

/// (command path, summary, notes after the options). The root is "".
pub const COMMANDS: &[(&str, &str, &str)] = &[(
    "",
    "住院医师规范化培训(住培)与继续医学教育(继教)的批量管理:账号、密码、个人信息、上报、审核、学分标准与学分证明,数据存于一个 SQLite 文件。",
    "",
)];

/// (command path, argument id, help).
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
];
