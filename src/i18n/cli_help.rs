//! The command line's help in each language: every command's about and
//! every option's help, keyed by the command path and the option
//! (`record --village`, `import FILE`), and clap's own words.

use super::Lang;

pub struct HelpWords {
    pub template: &'static str,
    pub options: &'static str,
    pub arguments: &'static str,
    pub commands: &'static str,
    pub command_value: &'static str,
    pub help: &'static str,
    pub version: &'static str,
    pub values: &'static str,
    pub default: &'static str,
    pub err_unknown_arg: &'static str,
    pub err_unknown_command: &'static str,
    pub err_missing: &'static str,
    pub err_missing_command: &'static str,
    pub err_no_value: &'static str,
    pub err_invalid_value: &'static str,
    pub err_invalid_choice: &'static str,
    pub err_conflict: &'static str,
    pub err_twice: &'static str,
    pub err_unexpected: &'static str,
    pub err_other: &'static str,
    pub err_not_a_number: &'static str,
    pub err_suggest: &'static str,
    pub err_see_help: &'static str,
}

pub static WORDS_ZH: HelpWords = HelpWords {
    template: "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}",
    options: "选项",
    arguments: "参数",
    commands: "命令",
    command_value: "命令",
    help: "显示帮助（-h 简要，--help 完整）",
    version: "显示版本",
    values: "可选值：",
    default: "默认：",
    err_unknown_arg: "不认识的参数 “{}”",
    err_unknown_command: "没有命令 “{}”",
    err_missing: "缺少必需的参数 {}",
    err_missing_command: "缺少命令",
    err_no_value: "{} 需要一个值",
    err_invalid_value: "“{}” 不是 {} 的有效值",
    err_invalid_choice: "“{}” 不是 {} 的有效值；可用的值：{}",
    err_conflict: "{} 不能与 {} 同时使用",
    err_twice: "{} 只能给一次",
    err_unexpected: "多余的值 “{}”（{}）",
    err_other: "命令行参数有误：{}",
    err_not_a_number: "“{}” 不是整数",
    err_suggest: "；你是不是想用 {}",
    err_see_help: "（用 --help 查看用法）",
};

pub static WORDS_EN: HelpWords = HelpWords {
    template: "{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}",
    options: "Options",
    arguments: "Arguments",
    commands: "Commands",
    command_value: "COMMAND",
    help: "Print help (see more with '--help')",
    version: "Print version",
    values: "possible values: ",
    default: "default: ",
    err_unknown_arg: "unexpected argument '{}' found",
    err_unknown_command: "unrecognized subcommand '{}'",
    err_missing: "the required argument {} was not provided",
    err_missing_command: "a subcommand is required",
    err_no_value: "a value is required for {} but none was supplied",
    err_invalid_value: "invalid value '{}' for {}",
    err_invalid_choice: "invalid value '{}' for {}; possible values: {}",
    err_conflict: "{} cannot be used with {}",
    err_twice: "{} cannot be used multiple times",
    err_unexpected: "unexpected value '{}' for {}",
    err_other: "{}",
    err_not_a_number: "\"{}\" is not a whole number",
    err_suggest: "; a similar one exists: {}",
    err_see_help: " (see --help)",
};

pub fn words(lang: Lang) -> &'static HelpWords {
    match lang {
        Lang::Zh => &WORDS_ZH,
        Lang::En => &WORDS_EN,
    }
}

/// (key, Chinese, English).
pub static HELP: &[(&str, &str, &str)] = &[
    (
        "",
        "驻村：驻村工作队协调员用的终端程序（职责清单、指导要点和完成记录）",
        "驻村: a terminal app for coordinators of village-resident work teams",
    ),
    (
        "--db",
        "数据库文件（默认 $ZHUCUN_DB，再默认 $XDG_DATA_HOME/zhucun/zhucun.db）",
        "Database file (else $ZHUCUN_DB, else $XDG_DATA_HOME/zhucun/zhucun.db)",
    ),
    (
        "--today",
        "把“今天”固定为某日（YYYY-MM-DD），用于回看和测试",
        "Pin \"today\" (YYYY-MM-DD), for looking back and for tests",
    ),
    (
        "--lang",
        "界面语言（默认 $ZHUCUN_LANG，再默认配置文件，再默认中文）",
        "Language of the interface (else $ZHUCUN_LANG, else the config file, else Chinese)",
    ),
    (
        "--color",
        "终端界面的颜色（auto：开启，除非设置了 NO_COLOR）",
        "Colours in the terminal UI (auto: on, unless NO_COLOR is set)",
    ),
    (
        "--ascii",
        "只用 ASCII 字符画边框和标记（适合把框线字符显示成双宽的终端）；不给 --ascii 或 --no-ascii 时启动时询问终端",
        "Draw borders and markers with ASCII only (for terminals that show box characters double-width); without --ascii or --no-ascii the terminal is asked at start",
    ),
    (
        "--no-ascii",
        "即使终端似乎把框线字符显示成双宽，也照样使用框线字符",
        "Draw box characters even where the terminal seems to show them double-width",
    ),
    (
        "init",
        "创建新数据库（不会覆盖已有的数据库）",
        "Create a new database (refuses to overwrite an existing one)",
    ),
    (
        "init --demo",
        "同时载入演示用的州（黔南州，虚构的村）",
        "Also load the demo prefecture (黔南州, fictional villages)",
    ),
    (
        "init --admin",
        "第一位管理员（不是运行 init 的账号时；root 为共享服务器创建数据库时用）",
        "The first administrator, when it is not the account running init (root creates a shared server's database for it)",
    ),
    (
        "demo",
        "在个人目录下创建演示数据库（如果还没有），然后打开它",
        "Create the demo database at a per-user path if missing, then open it",
    ),
    (
        "record",
        "记录某村某期间一项任务的状态",
        "Record the status of one task for one village and period",
    ),
    (
        "record --village",
        "村或社区代码（12 位）",
        "Village or community code (12 digits)",
    ),
    (
        "record --task",
        "职责清单里的任务序号（1-25）",
        "Task number in the duty catalogue (1-25)",
    ),
    (
        "record --period",
        "期间：2026-11、2026Q4 或 2026（默认：任务包含今天的那一期）",
        "Period: 2026-11, 2026Q4 or 2026 (default: the task's period containing today)",
    ),
    (
        "record --status",
        "新状态：done 已完成、doing 进行中、todo 未开始、na 不适用",
        "New status",
    ),
    (
        "record --note",
        "简短备注作为佐证（替换原有备注）",
        "Short note as evidence (replaces the existing note)",
    ),
    (
        "record --date",
        "完成工作的日期（默认：今天，状态为 done 时）",
        "Date the work was done (default: today, for status done)",
    ),
    (
        "report",
        "某范围下各下级区划的完成情况",
        "Completion per child division of a scope",
    ),
    (
        "report --period",
        "期间：2026-11、2026Q4 或 2026（默认：本月）",
        "Period: 2026-11, 2026Q4 or 2026 (default: the current month)",
    ),
    (
        "report --scope",
        "列出其下级的行政区划代码（默认：整个数据库）",
        "Division code whose children are listed (default: the whole database)",
    ),
    (
        "report --format",
        "输出格式：table 表格、csv 或 json",
        "Output format",
    ),
    (
        "report --by",
        "范围内每个县、乡镇或村一行",
        "One row per county, township or village under the scope",
    ),
    (
        "report --overdue",
        "列出逾期事项，最早的在前（默认期间：今年）",
        "List what is overdue, oldest first (default period: this year)",
    ),
    (
        "check",
        "完整性检查、结构版本和各表行数",
        "Integrity check, schema version and row counts",
    ),
    (
        "user",
        "账号、角色和范围（管理员）",
        "Accounts, roles and scopes (administrators)",
    ),
    (
        "user add",
        "给账号一个角色和范围（仅管理员）",
        "Give an account a role and a scope (administrators only)",
    ),
    (
        "user add ACCOUNT",
        "这台服务器上的登录名（即 `id -un` 显示的）",
        "Login name on this server (as `id -un` prints it)",
    ),
    (
        "user add --role",
        "角色：admin 州级管理员、county 县级驻村办、township 乡镇联络员、team 驻村工作队、viewer 只读",
        "Role",
    ),
    (
        "user add --scope",
        "账号负责的行政区划：县（6 位）、乡镇（9 位）或村（12 位）；管理员不需要",
        "Division the account works on: county (6 digits), township (9) or village (12); admins take none",
    ),
    (
        "user list",
        "列出所有账号及其角色和范围（仅管理员）",
        "List every account with its role and scope (administrators only)",
    ),
    (
        "user remove",
        "取消一个账号的访问权限（仅管理员）",
        "Take an account's access away (administrators only)",
    ),
    ("user remove ACCOUNT", "登录名", "Login name"),
    (
        "user set",
        "修改账号的角色和/或范围（仅管理员）",
        "Change an account's role and/or scope (administrators only)",
    ),
    ("user set ACCOUNT", "登录名", "Login name"),
    (
        "user set --role",
        "新角色：admin、county、township、team 或 viewer",
        "New role",
    ),
    (
        "user set --scope",
        "新范围：县（6 位）、乡镇（9 位）或村（12 位）代码",
        "New scope: a county (6 digits), township (9) or village (12) code",
    ),
    (
        "user add --name",
        "这个人的姓名，代替登录名显示（记录人）",
        "The person's name, shown instead of the login (记录人)",
    ),
    (
        "user set --name",
        "这个人的姓名，代替登录名显示（记录人）；空的姓名即删除。也可用于已没有访问权限的账号",
        "The person's name, shown instead of the login (记录人); an empty name removes it. Also for accounts that no longer have access",
    ),
    (
        "user import",
        "从文件一次新增或修改多个账号（CSV 或 .xlsx：账号、角色、范围、姓名），要么全部写入要么都不写（仅管理员）",
        "Add or change many accounts from a file (CSV or .xlsx: 账号, 角色, 范围, 姓名), all or nothing (administrators only)",
    ),
    (
        "user import FILE",
        "CSV（UTF-8、GBK/GB18030 或 UTF-16）或 .xlsx 文件",
        "CSV (UTF-8, GBK/GB18030 or UTF-16) or .xlsx file",
    ),
    (
        "user import --check",
        "检查文件并列出所有问题，但什么也不写入",
        "Check the file and report every problem, but write nothing",
    ),
    (
        "user import --encoding",
        "CSV 文件的文字编码（默认：自动识别）",
        "Text encoding of a CSV file (default: detect)",
    ),
    (
        "completions",
        "输出 shell 的命令补全脚本（bash、zsh 或 fish）",
        "Print shell completions (bash, zsh or fish)",
    ),
    (
        "completions SHELL",
        "shell：bash、zsh 或 fish",
        "bash, zsh or fish",
    ),
    (
        "report --gaps",
        "范围内各村 1+2+N 的缺口（按区划代码）和轮换名单（任职满两年的、按原因列出已结束的任职）",
        "The 1+2+N gaps of the scope's villages (by division code) and the rotation list (postings at two years, ended postings by reason)",
    ),
    (
        "report --on",
        "与 --gaps 或 --rotation 一起：按哪一天的工作队计算（默认今天）",
        "With --gaps or --rotation: the day the teams are taken at (default: today)",
    ),
    (
        "report --output",
        "与 --gaps、--rotation 或 --recall 一起：把报表写入文件（.xlsx 或 .csv），不打印",
        "With --gaps, --rotation or --recall: write the report to FILE (.xlsx, or .csv) instead",
    ),
    (
        "report --force",
        "与 --output 一起：文件已存在时替换它",
        "With --output: replace FILE if it exists",
    ),
    (
        "user cadre",
        "把账号关联到一名干部（任职记录中的人），没有 --name 时显示干部的姓名；none 取消关联（仅管理员）",
        "Link an account to a cadre (a person of the postings), so the cadre's name shows for its records where no --name was set; `none` removes the link (administrators only)",
    ),
    ("user cadre ACCOUNT", "登录名", "Login name"),
    (
        "user cadre CADRE",
        "干部编号（任职记录的干部表），或 none",
        "The cadre's id (the cadre table of the postings), or none",
    ),
    (
        "guard",
        "看守数据库的锁：终止持有锁时被停住的进程（共享服务器上 root 的服务）",
        "Watch the database's locks: kill a process stopped while it holds one (a shared server's root service)",
    ),
    (
        "guard-audit",
        "锁守护进程为一次终止写的审计记录（由 zhucun guard 调用；仅管理员）",
        "The lock guard's audit row for one kill (run by `zhucun guard`; administrators only)",
    ),
    (
        "guard-audit PID",
        "被终止的进程号",
        "Process id of the killed process",
    ),
    ("guard-audit ACCOUNT", "该进程的账号", "Its account"),
    (
        "guard-audit HELD_MS",
        "它持有锁的毫秒数",
        "How long it held the lock, in ms",
    ),
    ("guard-audit COMMAND", "它的命令行", "Its command line"),
    (
        "man",
        "输出 man 手册页（roff 格式）",
        "Print the man page (roff) on standard output",
    ),
    (
        "audit",
        "审计记录；`zhucun audit verify` 检查其哈希链",
        "The audit trail; `zhucun audit verify` checks its hash chain",
    ),
    (
        "audit --village",
        "只看关于这个区划或其下任何区划的记录",
        "Only rows about this division or anything inside it",
    ),
    (
        "audit --account",
        "只看这个账号写的记录",
        "Only rows written by this account",
    ),
    (
        "audit --since",
        "只看从这一天起的记录（YYYY-MM-DD，当地时间）",
        "Only rows from this day on (YYYY-MM-DD, local time)",
    ),
    ("audit --limit", "只看最新的 N 行", "Only the newest N rows"),
    (
        "audit verify",
        "检查哈希链；指出第一个断开的行（断开时退出码为 1）",
        "Check the hash chain; names the first broken row (exit 1 if broken)",
    ),
    (
        "doctor",
        "检查共享服务器的安装和数据库；列出需要修复的地方",
        "Check a shared-server installation and the database; prints what to fix",
    ),
    (
        "backup",
        "把数据库一致地复制到 OUT（仅管理员）",
        "Copy the database consistently to OUT (administrators only)",
    ),
    (
        "backup OUT",
        "要写入的文件（已存在时拒绝，除非加 --force）",
        "File to write (refused if it exists, unless --force)",
    ),
    (
        "backup --force",
        "OUT 已存在时替换它",
        "Replace OUT if it exists",
    ),
    (
        "import",
        "从 CSV 或 .xlsx 文件导入行政区划、村、工作队成员或指导要点（全部成功或全部不写）",
        "Import divisions, villages, team members or guidance from a CSV or .xlsx file (all or nothing)",
    ),
    (
        "import KIND",
        "文件内容：divisions 行政区划、villages 村、teams 工作队成员、guidance 指导要点、cadres 干部信息、attendance 考勤月表、training 培训签到表（配 --session）、assessment 年度考核结果（配 --county 或 --unit）",
        "What the file holds",
    ),
    (
        "import FILE",
        "CSV（UTF-8、GBK/GB18030 或 UTF-16）或 .xlsx 文件",
        "CSV (UTF-8, GBK/GB18030 or UTF-16) or .xlsx file",
    ),
    (
        "import --check",
        "检查文件并列出所有问题，但什么也不写入",
        "Check the file and report every problem, but write nothing",
    ),
    (
        "import --session",
        "与 training 一起：签到表所属的培训班编号（见 `zhucun training list`）",
        "With training: the session the sign-in sheet is of (`zhucun training list`)",
    ),
    (
        "import --county",
        "与 assessment 一起：考核对象为该县的干部（6 位代码；默认你自己的县）",
        "With assessment: the county whose cadres form the pool (6 digits; default: your own county)",
    ),
    (
        "import --unit",
        "与 assessment 一起：改为某派出单位的干部（单位编号）",
        "With assessment: a dispatching unit's id instead: the unit's cadres form the pool",
    ),
    (
        "import --year",
        "与 assessment 一起：考核年度（默认：11 月起为今年，否则为去年）",
        "With assessment: the year assessed (default: this year from November, else last year)",
    ),
    (
        "import --encoding",
        "CSV 文件的文字编码（默认：自动识别）",
        "Text encoding of a CSV file (default: detect)",
    ),
    (
        "export",
        "把某期间的完成情况导出为 Excel 工作簿或 CSV，用于向上报送",
        "Export a period's completion as an Excel workbook or CSV for reporting upward",
    ),
    (
        "export --period",
        "期间：2026-11、2026Q4 或 2026（默认：本月）",
        "Period: 2026-11, 2026Q4 or 2026 (default: the current month)",
    ),
    (
        "export --scope",
        "要导出的行政区划代码（默认：你自己的范围，或整个数据库）",
        "Division code to export (default: your own scope, or the whole database)",
    ),
    (
        "export --format",
        "xlsx（汇总和明细两张表）或 csv（明细行）；默认按文件名",
        "xlsx (summary and detail sheets) or csv (detail rows); default from the file name",
    ),
    ("export --output", "要写入的文件", "File to write"),
    (
        "export --force",
        "文件已存在时替换它",
        "Replace the file if it exists",
    ),
    (
        "export attendance",
        "导出乡镇或村的考勤月表（乡镇、村、姓名、职务、每日考勤、在村天数、请假天数、预警）",
        "The attendance month sheet (考勤月表) of a township or village",
    ),
    (
        "export attendance --month",
        "月份，YYYY-MM",
        "The month, YYYY-MM",
    ),
    (
        "export attendance --scope",
        "乡镇或村代码（默认：你自己的范围）",
        "A township or village code (default: your own scope)",
    ),
    (
        "export attendance --output",
        "要写入的文件（.xlsx 或 .csv）",
        "File to write (.xlsx or .csv)",
    ),
    (
        "export attendance --force",
        "文件已存在时替换它",
        "Replace the file if it exists",
    ),
    (
        "attendance",
        "考勤：月结（在村不足20天的干部生成召回线索）",
        "The attendance grid: close a month (the < 20 check opens recall leads)",
    ),
    (
        "attendance close",
        "月结：在村不足20天的干部生成召回线索（乡镇、县、管理员）",
        "Close a month: cadres under 20 days in the village get a recall lead (township, county, admin)",
    ),
    (
        "attendance close --month",
        "月份，YYYY-MM",
        "The month, YYYY-MM",
    ),
    (
        "attendance close --scope",
        "乡镇或村代码",
        "A township or village code",
    ),
    (
        "settings",
        "显示本安装的时区和开始跟踪日期；修改它们（仅管理员）",
        "Show the installation's time zone and tracking start; change them (administrators only)",
    ),
    (
        "settings --time-zone",
        "本安装的时区，IANA 名称（默认 Asia/Shanghai）",
        "The installation's time zone, an IANA name (default Asia/Shanghai)",
    ),
    (
        "settings --tracking-start",
        "开始跟踪的第一天：此前的任务不算应完成、不算逾期，也不进入趋势",
        "The first day tracked: nothing before it is due, overdue or in a trend",
    ),
    (
        "allowance",
        "派出单位的驻村补助发放表、补助标准、往返交通和保险",
        "The dispatching units' allowance statements (驻村补助发放表), rates, trips and insurance",
    ),
    (
        "allowance units",
        "列出某月有派驻干部的派出单位",
        "The dispatching units with cadres posted in a month",
    ),
    (
        "allowance units --month",
        "月份，如 2026-03（默认本月）",
        "The month, as 2026-03 (default: this month)",
    ),
    (
        "allowance show",
        "在终端显示某单位某月的补助发放表",
        "A unit's statement for a month on standard output",
    ),
    (
        "allowance show --unit",
        "单位编号或完整名称（`zhucun allowance units` 列出）",
        "The unit's id or exact name (`zhucun allowance units` lists them)",
    ),
    (
        "allowance show --month",
        "月份，如 2026-03（默认本月）",
        "The month, as 2026-03 (default: this month)",
    ),
    ("allowance show --format", "输出格式", "Output format"),
    (
        "allowance export",
        "把某单位（或所有单位，每单位一张表）的补助发放表写入 .xlsx 或 .csv 文件",
        "Write a unit's statement (or every unit's, a sheet each) to an .xlsx or .csv file",
    ),
    (
        "allowance export --unit",
        "单位编号或完整名称",
        "The unit's id or exact name",
    ),
    (
        "allowance export --all-units",
        "当月有派驻干部的所有单位",
        "Every unit with cadres posted that month",
    ),
    (
        "allowance export --month",
        "月份，如 2026-03（默认本月）",
        "The month, as 2026-03 (default: this month)",
    ),
    (
        "allowance export --output",
        "要写入的文件（.xlsx 或 .csv）",
        "File to write (.xlsx, or .csv)",
    ),
    (
        "allowance export --force",
        "文件已存在时覆盖",
        "Replace the file if it exists",
    ),
    (
        "allowance rates",
        "补助标准及其历次调整",
        "The rates and their history",
    ),
    (
        "allowance set-rate",
        "从某日起设定一项标准（仅管理员）",
        "Set a rate from a date onward (administrators)",
    ),
    (
        "allowance set-rate --kind",
        "living_per_day（元/天）、trips_per_month（次/月）或 insurance_cover（元）",
        "living_per_day (yuan), trips_per_month (a count) or insurance_cover (yuan)",
    ),
    (
        "allowance set-rate --from",
        "开始执行的第一天",
        "The first day it applies to",
    ),
    (
        "allowance set-rate --value",
        "数值：金额以元计（60、80.50），往返以次计",
        "The value: yuan for money (60, 80.50), a count for trips",
    ),
    (
        "allowance set-rate --backdate",
        "从今天以前的日期起执行的理由（日期在过去时必须给出；记入审计）",
        "Why a rate starts before today (needed for a date in the past; audited)",
    ),
    (
        "allowance trip",
        "登记一名干部的一次往返交通",
        "Record a round trip of a cadre",
    ),
    (
        "allowance trip --cadre",
        "干部编号（`zhucun cadres` 列出）",
        "The cadre's id (`zhucun cadres` lists them)",
    ),
    ("allowance trip --date", "往返日期", "The date of the trip"),
    (
        "allowance trip --route",
        "路线，如 都匀—贵阳",
        "The route, e.g. 都匀—贵阳",
    ),
    (
        "allowance trip --amount",
        "金额（元，如 126.50）",
        "The amount in yuan (e.g. 126.50)",
    ),
    (
        "allowance policy",
        "登记一名干部的保险保单",
        "Record an insurance policy of a cadre",
    ),
    ("allowance policy --cadre", "干部编号", "The cadre's id"),
    ("allowance policy --number", "保单号", "The policy number"),
    ("allowance policy --insurer", "保险公司", "The insurer"),
    (
        "allowance policy --cover",
        "保额（元，如 1000000）",
        "The cover in yuan (e.g. 1000000)",
    ),
    (
        "allowance policy --start",
        "保险开始日期",
        "The first day covered",
    ),
    (
        "allowance policy --end",
        "保险结束日期",
        "The last day covered",
    ),
    (
        "recall",
        "召回案件：立案、推进、约谈、台账",
        "Recall cases (召回): open, advance, talk, list",
    ),
    (
        "recall open",
        "人工对一名干部立案（线索）（县级、管理员）",
        "Open a recall case (线索) about a cadre by hand (county, administrators)",
    ),
    (
        "recall open --cadre",
        "干部编号（见 `zhucun cadres`）",
        "The cadre's id (see `zhucun cadres`)",
    ),
    (
        "recall open --on",
        "立案日期（默认今天）",
        "The day it opens (default: today)",
    ),
    ("recall open --note", "备注", "A note"),
    (
        "recall advance",
        "把案件推进到下一阶段，或推进到 --to 指定的阶段（县级、管理员）",
        "Move a case to its next stage, or to --to (county, administrators)",
    ),
    (
        "recall advance CASE",
        "案件编号（见 `zhucun recall list`）",
        "The case number (see `zhucun recall list`)",
    ),
    (
        "recall advance --to",
        "要推进到的阶段（默认下一阶段）：核实 决定 通知派出单位 离村 补派 结案 约谈 不予立案",
        "The stage to move to (default: the next one): verifying decided notified left replaced closed talk dropped",
    ),
    (
        "recall advance --on",
        "这一步的日期（默认今天）",
        "The day of the step (default: today)",
    ),
    (
        "recall advance --doc-no",
        "决定：召回决定的文号",
        "决定: the decision's document number (文号)",
    ),
    (
        "recall advance --name",
        "补派：补派人员的姓名",
        "补派: the replacement's name",
    ),
    (
        "recall advance --unit",
        "补派：补派人员的派出单位",
        "补派: the replacement's dispatching unit",
    ),
    (
        "recall advance --note",
        "替换案件的备注",
        "Replaces the case's note",
    ),
    (
        "recall talk",
        "处于线索或核实的案件以约谈结束，不召回（县级、管理员）",
        "End a case at 线索 or 核实 in a talk (约谈) instead of a recall",
    ),
    ("recall talk CASE", "案件编号", "The case number"),
    (
        "recall talk --on",
        "约谈日期（默认今天）",
        "The day of the talk (default: today)",
    ),
    (
        "recall talk --note",
        "替换案件的备注",
        "Replaces the case's note",
    ),
    (
        "recall list",
        "召回台账：按阶段列出案件、待处理线索、待补派天数",
        "The ledger: cases by stage, open leads, days to replacement",
    ),
    (
        "recall list --scope",
        "行政区划代码（默认你自己的范围）",
        "Division code (default: your own scope)",
    ),
    ("recall list --format", "输出格式", "Output format"),
    (
        "incident",
        "问题记录（四个一律）：新增",
        "Incidents (四个一律): add",
    ),
    (
        "incident add",
        "记录一名干部的问题（所在村的县或乡镇）",
        "Record an incident (四个一律) about a cadre (the village's county or township)",
    ),
    (
        "incident add --cadre",
        "干部编号（见 `zhucun cadres`）",
        "The cadre's id (see `zhucun cadres`)",
    ),
    (
        "incident add --kind",
        "问题：未脱钩原单位、不服从当地党委管理、作用发挥不好、无故不在岗",
        "The incident: not_detached, disobedient, poor_performance, absent",
    ),
    (
        "incident add --source",
        "来源：督查、群众反映、乡镇、其他",
        "The source: inspection, public, township, other",
    ),
    (
        "incident add --on",
        "发生日期（默认今天）",
        "The day it happened (default: today)",
    ),
    (
        "incident add --note",
        "备注（不写健康细节）",
        "A note (no health details)",
    ),
    (
        "incident add --open-case",
        "同时据此立案（线索）（县级、管理员）",
        "Also open a recall case (线索) from it (county, administrators)",
    ),
    (
        "cadres",
        "范围内的驻村干部及其编号（用于 `user cadre`、`recall open`）",
        "The cadres of a scope with their ids (for `user cadre`, `recall open`)",
    ),
    (
        "cadres --scope",
        "行政区划代码（默认你自己的范围）",
        "Division code (default: your own scope)",
    ),
    ("cadres --format", "输出格式", "Output format"),
    (
        "report --recall",
        "范围内的召回台账：按阶段、村代码、日期列出案件，待处理线索，待补派天数",
        "The recall ledger (召回台账) of the scope: cases by stage, village code and date, open leads, days to replacement",
    ),
    (
        "report --rotation",
        "只列轮换清单（轮换到期）：当天在岗满两年的派驻，按村代码、职务、开始日期排列，以及按结束原因统计的已结束派驻",
        "The rotation list alone (轮换到期): postings at two years in post on the day, by village code, role and start, and ended postings by reason",
    ),
    (
        "export work-record",
        "一名干部某月的工作纪实，导出为表格（.xlsx 或 .csv）",
        "A cadre's work record (工作纪实) for a month as a sheet (.xlsx or .csv)",
    ),
    (
        "export work-record --cadre",
        "干部编号（见 `zhucun cadres`）",
        "The cadre's id (see `zhucun cadres`)",
    ),
    (
        "export work-record --month",
        "月份，YYYY-MM",
        "The month, YYYY-MM",
    ),
    (
        "export work-record --output",
        "要写入的文件（.xlsx 或 .csv）",
        "File to write (.xlsx, or .csv)",
    ),
    (
        "export work-record --force",
        "文件已存在时替换它",
        "Replace the file if it exists",
    ),
    (
        "push",
        "把自上次上报以来报表的变化写成文件 代码-序号.zhucun-upward：市州交给省，省（接收了市州批次后）交给全国（管理员）",
        "Write what changed in the report tables since the last push as CODE-SEQUENCE.zhucun-upward: a prefecture's to its province, a province's (once it has pulled its prefectures) to the nation (administrators)",
    ),
    (
        "push --dir",
        "写文件的目录（默认当前目录）",
        "Directory to write the file in (default: the current directory)",
    ),
    (
        "push --baseline",
        "写出全部当前数据，替换省里这个市州的副本（发生冲突之后用）",
        "Every current row, replacing the province's copy of this prefecture (after a conflict)",
    ),
    (
        "pull",
        "把各市州上报的文件按序号应用到本省数据库，或把各省的文件应用到全国数据库（管理员）",
        "Apply prefectures' push files to this province database, or provinces' files to a nation's database, in sequence order (administrators)",
    ),
    (
        "pull FILES",
        "zhucun push 写出的文件",
        "Files written by `zhucun push`",
    ),
    (
        "upward",
        "报表以变更集文件上报到省：push/pull 的另一种写法，可自定文件名",
        "Report tables to the province as changeset files: push/pull with a file name of one's own",
    ),
    (
        "upward export",
        "把自上一批以来报表的变化写到指定文件（同 zhucun push；市州管理员）",
        "Write the report tables' changes since the last batch to the file given (as zhucun push; prefecture administrators)",
    ),
    (
        "upward export --since",
        "上次发出的批次号，作为核对（默认不核对）；第一批之前为 0",
        "The last batch sent, as a check (none by default); 0 before the first batch",
    ),
    (
        "upward export --baseline",
        "写出全部当前数据，替换省里这个市州的副本（发生冲突之后用）",
        "Every current row, replacing the province's copy of this prefecture (after a conflict)",
    ),
    (
        "upward export --output",
        "要写的文件（已存在则拒绝）",
        "File to write (refused if it exists)",
    ),
    (
        "upward apply",
        "把一个市州的批次文件应用到本省数据库（同 zhucun pull；省管理员）",
        "Apply one prefecture's batch file to this province database (as zhucun pull; province administrators)",
    ),
    (
        "upward apply FILE",
        "zhucun push 或 zhucun upward export 写出的批次文件",
        "Batch file written by zhucun push or zhucun upward export",
    ),
    (
        "upward list",
        "已发出或已应用的批次",
        "The batches sent or applied",
    ),
];

/// The about of a command or the help of an option, if the table has it.
pub fn text(lang: Lang, key: &str) -> Option<&'static str> {
    // `export training|assessment` are `training export` and `assess
    // export` under the export command: the same words.
    for (alias, of) in [
        ("export training", "training export"),
        ("export assessment", "assess export"),
    ] {
        if let Some(rest) = key.strip_prefix(alias) {
            return text(lang, &format!("{of}{rest}"));
        }
    }
    HELP.iter()
        .chain(super::assessment::CLI_HELP)
        .chain(crate::i18n::leave::HELP.iter())
        .chain(super::training::HELP)
        .chain(super::units::CLI_HELP)
        .find(|(k, _, _)| *k == key)
        .map(|(_, zh, en)| match lang {
            Lang::Zh => *zh,
            Lang::En => *en,
        })
}

/// Text after a command's options (the import columns).
pub fn after(lang: Lang, key: &str) -> Option<String> {
    match key {
        "import" => Some(crate::cli::import_columns_help(lang)),
        "user import" => Some(crate::cli::user_columns_help(lang)),
        "training import" => Some(super::training::sheet_columns_help(lang)),
        _ => None,
    }
}

pub struct ImportWords {
    pub intro: &'static str,
    pub optional: &'static str,
    pub samples: &'static str,
}

pub fn import_words(lang: Lang) -> &'static ImportWords {
    static ZH: ImportWords = ImportWords {
        intro: "各列（表头行可用中文或英文；多出的 序号/备注 列会被忽略）：\n",
        optional: "（可选）",
        samples: "\n样例：db/samples/divisions.csv（新数据库先导入它）、villages.csv、teams.csv、guidance.csv。编码：UTF-8（带或不带 BOM）、GBK/GB18030、带 BOM 的 UTF-16；.xlsx 读取第一个含全部必需列的工作表。\n",
    };
    static EN: ImportWords = ImportWords {
        intro: "Columns (a header row in Chinese or English; extra 序号/备注 columns are ignored):\n",
        optional: " (optional)",
        samples: "\nSamples: db/samples/divisions.csv (import first on a fresh database), villages.csv, teams.csv, guidance.csv. Encodings: UTF-8 (with or without BOM), GBK/GB18030, UTF-16 with BOM; .xlsx reads the first sheet with every required column.\n",
    };
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// The Chinese help of an import column (English: the column's own help).
pub fn column_help(lang: Lang, kind: &str, column: &str) -> Option<&'static str> {
    if lang == Lang::En {
        return None;
    }
    let zh = match (kind, column) {
        ("users", "account") => {
            "这台服务器上的登录名（即 `id -un` 显示的）；账号须已存在（useradd）"
        }
        ("users", "role") => "州级管理员、县级驻村办、乡镇联络员、驻村工作队或只读",
        ("users", "scope") => {
            "账号负责的区划：县（6 位）、乡镇（9 位）或村（12 位）代码；管理员留空"
        }
        ("users", "name") => "这个人的姓名，代替登录名显示（记录人）",
        ("divisions", "code") => "省、州（市）或县（市）的 6 位代码，或乡镇、街道的 9 位代码",
        ("divisions", "name") => "区划名称（州、县/市、乡镇/街道）",
        ("villages", "township_code") => "乡镇或街道的 9 位代码，须已在数据库中",
        ("villages", "village_code") => "村或社区的 12 位代码，以所属乡镇的代码开头",
        ("villages", "name") => "村或社区的名称",
        ("villages", "types") => {
            "村类型，用 、 或 ; 分隔（脱贫村、搬迁社区、示范村、软弱涣散村、红色村庄试点）"
        }
        ("teams", "village_code") => "成员驻在的村的 12 位代码",
        ("teams", "name") => "成员姓名",
        ("teams", "role") => "第一书记、驻村队员（驻村干部）或下沉干部",
        ("teams", "unit") => "派出单位",
        ("teams", "start") => "到岗第一天：2025-06-01、2025/6/1、2025年6月1日 或 Excel 日期",
        ("teams", "end") => "在岗最后一天；仍在岗时留空",
        ("guidance", "period") => {
            "指导要点用季度（2026Q4、2026年第四季度），工作提示用月份（2026-11、2026年11月）"
        }
        ("guidance", "scope") => "下发范围的行政区划代码（州或县）",
        ("guidance", "title") => "标题",
        ("guidance", "body") => "正文；保留换行",
        ("guidance", "tasks") => "涉及的职责任务序号，用 、 , 或 ; 分隔",
        ("cadres", "name") => "干部姓名（须已有选派记录：先导入工作队）",
        ("cadres", "unit") => "派出单位，与工作队文件中一致",
        ("cadres", "unit_level") => {
            "派出单位级别：中央、省级、州级（市级）、县级、乡镇、部队或其他"
        }
        ("cadres", "post") => "在派出单位的现任职务",
        ("cadres", "section_level") => "是或否：是否科级及以上",
        ("cadres", "selection") => "单位推荐或组织部门选派（点名抽派）",
        ("cadres", "tags") => "专长，用 、 或 ; 分隔",
        ("cadres", "unit_contact") => "派出单位联系方式（办公电话）",
        ("cadres", "unit_leader") => "派出单位负总责的领导",
        ("lists", "unit") => "派出单位全称（与工作队文件中一致）",
        ("lists", "village_code") => "村（社区）的 12 位代码，须在你管理的县内",
        ("lists", "year") => "清单年度（2026 或 2026年）",
        ("lists", "duty") => "一条责任事项",
        ("lists", "project") => "项目名称",
        ("lists", "amount") => "项目金额（元，如 12000、1,200.50）",
        ("lists", "status") => "计划、实施中、已完成或已取消（默认 计划）",
        ("lists", "planned") => "清单的计划资金（元）；同一清单只写一行，或每行相同",
        ("lists", "delivered") => "清单的到位资金（元）",
        ("lists", "village_name") => "读入后不作处理",
        _ => return None,
    };
    Some(zh)
}
