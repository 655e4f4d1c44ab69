//! Every error message, in each language (import problems: `problems.rs`): an error is a kind
//! plus its values (the error types of `domain`, `store`, `transfer`, `app`),
//! rendered here. The English sentences are the types' `Display`; the
//! Chinese ones are written out below, kind by kind.

use super::Lang;
use crate::app::config::ConfigError;
use crate::app::keys::KeyError;
use crate::app::keyspec::KeySpecError;
use crate::domain::clock::ZoneError;
use crate::domain::division::CodeError;
use crate::domain::period::PeriodError;
use crate::domain::{Level, PeriodKind};
use crate::store::{Detail, SinceError, StoreError, UserInputError};
use crate::transfer::TransferError;
use crate::transfer::fields::FieldError;

/// An operating-system (or SQLite) error's English text in Chinese, for the
/// common ones; any other is shown as it is.
fn os_error_zh(detail: &str) -> String {
    let known: &[(&str, &str)] = &[
        ("(os error 2)", "文件或目录不存在"),
        ("(os error 13)", "没有权限"),
        ("(os error 17)", "文件已存在"),
        ("(os error 20)", "路径中有一段不是目录"),
        ("(os error 21)", "这是一个目录"),
        ("(os error 28)", "磁盘空间不足"),
        ("(os error 30)", "只读文件系统"),
        ("unable to open database file", "无法打开数据库文件"),
        ("attempt to write a readonly database", "数据库是只读的"),
    ];
    known
        .iter()
        .find(|(en, _)| detail.contains(en))
        .map_or_else(|| detail.to_string(), |(_, zh)| (*zh).to_string())
}

/// “text” — a value the user typed, quoted in Chinese.
pub(super) fn q(s: &str) -> String {
    format!("“{}”", crate::domain::text::sanitize(s, true))
}

fn level_zh(l: Level) -> &'static str {
    match l {
        Level::Province => "省",
        Level::Prefecture => "州（市）",
        Level::County => "县（市）",
        Level::Township => "乡镇（街道）",
        Level::Village => "村（社区）",
    }
}

fn kind_zh(k: PeriodKind) -> &'static str {
    match k {
        PeriodKind::Month => "月",
        PeriodKind::Quarter => "季度",
        PeriodKind::Year => "年",
    }
}

/// The "what" of [`StoreError::Invalid`]: an option (`--scope`) or a
/// command stays as typed; words are translated.
fn what_zh(what: &str) -> String {
    match what {
        "backup" => "备份".into(),
        "export" => "导出".into(),
        "import" => "导入".into(),
        "user" => "用户".into(),
        "account" => "账号".into(),
        "database" => "数据库".into(),
        "title" => "标题".into(),
        "tasks" => "任务".into(),
        "guidance" => "指导要点".into(),
        "period" => "期间".into(),
        "leave" => "请假".into(),
        "recall" => "召回案件".into(),
        "cadre" => "干部".into(),
        "note" => "备注".into(),
        "date" => "日期".into(),
        w => match w.strip_prefix("division ") {
            Some(code) => format!("行政区划 {code}"),
            None => w.to_string(),
        },
    }
}

impl StoreError {
    /// This error in `lang` (English: its `Display`).
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        use StoreError as E;
        match self {
            E::Exists(p) => {
                format!("{p} 已存在；zhucun 不会覆盖它（换一个 --db 路径，或先把文件移走）")
            }
            E::Missing(p) => {
                format!("{p} 处没有数据库；用 `zhucun init`（或 `zhucun init --demo`）创建")
            }
            E::NotWritable { path, detail } => {
                format!(
                    "无法写入数据库 {path}：{}；请换一个可写的 --db 路径",
                    os_error_zh(detail)
                )
            }
            E::NotADatabase { path, detail } => {
                let detail = if detail == "the file is not an SQLite database" {
                    "这个文件不是 SQLite 数据库"
                } else {
                    detail
                };
                format!("{path} 不是 zhucun 数据库：{detail}")
            }
            E::NewerSchema {
                path,
                found,
                supported,
            } => format!(
                "{path} 的结构版本是 {found}，比这个 zhucun 能读的（最高 {supported}）更新；请安装新版 zhucun。文件没有被改动"
            ),
            E::Integrity(d) => format!("数据库已损坏：{d}；请从备份恢复（见 README“备份”一节）"),
            E::UnknownVillage(c) => {
                format!("村代码 {c} 不存在；用 zhucun report --by village --scope 乡镇代码 查看")
            }
            E::UnknownDivision(c) => format!("行政区划代码 {c} 不存在"),
            E::Invalid { what, detail: d } => {
                format!("{}：{}", what_zh(what), detail(d, lang))
            }
            E::Conflict {
                by,
                at,
                status,
                note,
                ..
            } => {
                let status = crate::domain::Status::from_key(status)
                    .map_or(status.as_str(), |s| lang.status(s));
                let note = match note.strip_prefix(", note \"") {
                    Some(n) => format!("，备注“{}”", n.strip_suffix('"').unwrap_or(n)),
                    None => note.clone(),
                };
                format!(
                    "冲突：你读取之后 {by} 在 {at} 改了这条记录（现在是{status}{note}）；没有覆盖任何内容。请重新载入后再决定"
                )
            }
            E::Busy => "数据库正忙（另一位用户正在写入）；没有丢失任何内容，请再试一次".into(),
            E::NotAUser { account, admins } => format!(
                "账号 {account} 不是 zhucun 用户；请管理员（{admins}）运行 `zhucun user add {account} --role ... --scope ...`"
            ),
            E::Denied {
                account,
                role,
                action,
                code,
            } => {
                let role = crate::domain::UserRole::from_key(role)
                    .map(|r| lang.user_role(r).to_string())
                    .unwrap_or_else(|| role.clone());
                let code = if code == "the whole database" {
                    "整个数据库"
                } else {
                    code
                };
                use crate::store::AuditAction as A;
                let what = match A::from_stored(action) {
                    Some(A::RecordCompletion) => format!("记录 {code} 的完成情况"),
                    Some(A::Read) => format!("查看 {code}"),
                    Some(A::Administer) => format!("管理{code}"),
                    Some(A::IssueGuidance) => format!("对 {code} 下发指导要点"),
                    _ => format!("对 {code} {}", lang.stored_action(action)),
                };
                format!("权限不足：{account}（{role}）无权{what}；此次尝试已记入审计日志")
            }
            E::ReceivedCopy { code } => received_copy_zh(code),
            E::CreateNeedsRoot(p) => format!(
                "共享数据库 {p} 只能由 root 创建：运行 `sudo zhucun --db {p} init --admin 账号`（该账号成为第一位管理员）"
            ),
            E::TooLong { ms } => {
                format!("这次修改占用写锁超过 {ms} 毫秒，已撤销，什么也没写入；请分成几小部分")
            }
            E::DateRule(r) => lang.date_rule(r),
            E::Sql(e) => format!("数据库错误：{e}"),
        }
    }
}

/// [`StoreError::ReceivedCopy`] in Chinese.
fn received_copy_zh(code: &str) -> String {
    let code = if code == "the whole database" {
        "整个数据库"
    } else {
        code
    };
    format!(
        "这个数据库是由 `zhucun pull` 接收的上级汇总库：{code} 的数据不能在这里修改；请在该州的服务器上修改，它下次 `zhucun push` 时会报上来"
    )
}

/// A [`Detail`] in `lang`; the English here is also its `Display`.
#[allow(clippy::too_many_lines)] // a table of words: one arm per kind and language
pub fn detail(d: &Detail, lang: Lang) -> String {
    use Detail as D;
    let zh = lang == Lang::Zh;
    match d {
        D::Text(s) => s.clone(),
        D::Assess(a) => super::assessment::detail(a, lang),
        D::Recall(p) => p.message(lang),
        D::NoTask { n, max } if zh => format!("职责清单里没有第 {n} 项任务（1-{max}）"),
        D::NoTask { n, max } => format!("no task number {n} in the duty catalogue (1-{max})"),
        D::WrongCadence {
            task,
            cadence,
            want,
            example,
            given,
        } if zh => format!(
            "任务 {task} {}，按{}记录：请用 {example} 这样的期间，而不是 {given}",
            lang.cadence(*cadence),
            kind_zh(*want)
        ),
        D::WrongCadence {
            task,
            cadence,
            want,
            example,
            given,
        } => format!(
            "task {task} is {} and is recorded per {}: use a period like {example}, not {given}",
            cadence.key(),
            want.word()
        ),
        D::NoteTooLong { chars, max } if zh => {
            format!("备注有 {chars} 个字，上限是 {max} 个；请缩短")
        }
        D::NoteTooLong { chars, max } => {
            format!("the note is {chars} characters; the limit is {max}. Shorten it")
        }
        D::UnknownScope(s) if zh => {
            format!("这个数据库里没有代码为 {s} 的行政区划；用 `zhucun report` 查看代码")
        }
        D::UnknownScope(s) => format!(
            "no division with code {s} in this database; check the code with `zhucun report`"
        ),
        D::UserExists {
            account,
            role,
            scope,
        } => {
            let (r, s) = if zh {
                (lang.user_role(*role), scope.as_deref().unwrap_or(""))
            } else {
                (role.key(), scope.as_deref().unwrap_or(""))
            };
            let old = format!("{r} {s}").trim_end().to_string();
            if zh {
                format!(
                    "{account} 已经是用户（{old}）；用 `zhucun user set {account} --role ... --scope ...` 修改"
                )
            } else {
                format!(
                    "{account} is already a user ({old}); change it with `zhucun user set {account} --role ... --scope ...`"
                )
            }
        }
        D::NotAUserToSet(a) if zh => {
            format!("{a} 不是 zhucun 用户；用 `zhucun user add {a} --role ... --scope ...` 添加")
        }
        D::NotAUserToSet(a) => format!(
            "{a} is not a zhucun user; add it with `zhucun user add {a} --role ... --scope ...`"
        ),
        D::RoleOrScope if zh => "请给出 --role、--scope 或两者".into(),
        D::RoleOrScope => "give --role, --scope or both".into(),
        D::OnlyAdmin(a) if zh => format!(
            "{a} 是唯一的管理员；请先添加另一位管理员（`zhucun user add 账号 --role admin`）"
        ),
        D::OnlyAdmin(a) => format!(
            "{a} is the only administrator; add another admin first (`zhucun user add NAME --role admin`)"
        ),
        D::UserInput(e) => e.message(lang),
        D::Since(e) => e.message(lang),
        D::BackupIsDir(p) if zh => {
            format!("{p} 是一个目录；请给出文件名，例如 {p}/zhucun-backup.db")
        }
        D::BackupIsDir(p) => {
            format!("{p} is a directory; give a file name such as {p}/zhucun-backup.db")
        }
        D::BackupExists(p) if zh => {
            format!("{p} 已存在；zhucun 不会覆盖它（加 --force 替换，或换一个文件名）")
        }
        D::BackupExists(p) => format!(
            "{p} already exists; zhucun will not overwrite it (add --force to replace it, or choose another name)"
        ),
        D::BackupCannotWrite { path, error } if zh => {
            let error = if error == "its directory does not exist" {
                "所在目录不存在"
            } else {
                error
            };
            format!("无法写入 {path}：{error}；请选一个你能写入的目录里的文件")
        }
        D::BackupCannotWrite { path, error } => {
            format!("cannot write {path}: {error}; choose a file in a directory you can write to")
        }
        D::ExportOutside {
            account,
            role,
            scope,
        } if zh => format!(
            "{account}（{}）只能导出 {scope} 以内的数据；请选择其中的范围",
            lang.user_role(*role)
        ),
        D::ExportOutside {
            account,
            role,
            scope,
        } => format!(
            "{account} ({}) may export only within {scope}; choose a scope inside it",
            role.key()
        ),
        D::KeptFileMissing(f) if zh => format!(
            "{f} 不见了，谁重建它谁就拥有它；请管理员以 root 运行 `zhucun doctor`，它会给出恢复的命令"
        ),
        D::KeptFileMissing(f) => format!(
            "{f} is missing, and whoever re-created it would own it; ask an administrator to run `zhucun doctor` as root, which prints the command that restores it"
        ),
        D::NoDivisionsYet => lang.text().no_divisions.to_string(),
        D::GuidancePeriod if zh => "指导要点按季度（2026Q4）或按月（2026-11）下发".into(),
        D::GuidancePeriod => {
            "guidance is issued per quarter (2026Q4) or per month (2026-11)".into()
        }
        D::Training(e) => super::training::error(e, lang),
        D::Units(p) => super::units::problem(p, lang),
        D::EmptyTitle if zh => "标题为空".into(),
        D::EmptyTitle => "the title is empty".into(),
        D::EmptyBody if zh => "正文为空；写明要做什么（导入时也必须有正文）".into(),
        D::EmptyBody => {
            "the text is empty; say what is to be done (an import requires it too)".into()
        }
        D::ChangedMeanwhile(what) if zh => {
            let what = [
                ("village ", "村 "),
                ("division ", "行政区划 "),
                ("guidance ", "指导要点 "),
                ("team member ", "工作队成员 "),
                ("import batch ", "导入批次 "),
            ]
            .iter()
            .find_map(|(en, zh)| {
                what.strip_prefix(en)
                    .map(|rest| format!("{zh}{}", rest.replace(" of ", "，村 ")))
            })
            .unwrap_or_else(|| what.clone());
            format!("{what} 在导入期间被别人改了；什么也没写入，请重新导入")
        }
        D::ChangedMeanwhile(what) => format!(
            "{what} was changed by someone else during the import; nothing was written, run the import again"
        ),
        D::NoGuidance(id) if zh => format!("没有编号为 {id} 的指导要点"),
        D::NoGuidance(id) => format!("no guidance with id {id}"),
        D::ImportDenied {
            account,
            role,
            action,
            code,
        } => import_denied(lang, account, *role, *action, code.as_deref()),
        D::Leave(p) => crate::i18n::leave::problem(p, lang),
        D::Attendance(p) => super::attendance::problem(p, lang),
        D::ReceivedCopy { code } if zh => received_copy_zh(code),
        D::ReceivedCopy { code } => {
            crate::store::StoreError::ReceivedCopy { code: code.clone() }.to_string()
        }
    }
}

/// "permission denied: zhang (team) may not record completion for 522701001202".
fn import_denied(
    lang: Lang,
    account: &str,
    role: Option<crate::domain::UserRole>,
    action: Option<crate::store::AuditAction>,
    code: Option<&str>,
) -> String {
    use crate::store::AuditAction as A;
    if lang == Lang::En {
        let role = role.map_or("not a user", |r| r.key());
        let what = action.map_or("import", A::as_str);
        let code = code.unwrap_or("the whole database");
        return format!("permission denied: {account} ({role}) may not {what} for {code}");
    }
    let role = role.map_or("不是用户", |r| lang.user_role(r));
    let code = code.unwrap_or("整个数据库");
    let what = match action {
        None => format!("向{code}导入"),
        Some(A::RecordCompletion) => format!("记录 {code} 的完成情况"),
        Some(A::Administer) => format!("管理{code}"),
        Some(A::IssueGuidance) => format!("对 {code} 下发指导要点"),
        Some(a) => format!("对 {code} {}", lang.audit_action(a)),
    };
    format!("权限不足：{account}（{role}）无权{what}")
}

impl UserInputError {
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        use UserInputError as E;
        match self {
            E::AdminScope => "管理员作用于整个数据库；请去掉 --scope".into(),
            E::NoScope { role } => format!(
                "角色 {}（{}）需要 --scope 代码（它负责的行政区划）",
                role.key(),
                lang.user_role(*role)
            ),
            E::WrongLevel { role, want, scope } => {
                let hint = match want {
                    Level::County => "县（市）代码（6 位，例如 522701）",
                    Level::Township => "乡镇代码（9 位，例如 522701001）",
                    Level::Village => "村代码（12 位，例如 522701001201）",
                    Level::Province | Level::Prefecture => "行政区划代码",
                };
                format!(
                    "角色 {}（{}）需要{hint}；{scope} 是{}代码",
                    role.key(),
                    lang.user_role(*role),
                    level_zh(scope.level())
                )
            }
            E::BadAccount { account } => format!(
                "{} 不是账号名（字母、数字、_ . - @；最多 64 个字符）",
                q(account)
            ),
        }
    }
}

impl SinceError {
    pub fn message(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::En, e) => e.to_string(),
            (Lang::Zh, SinceError::NoLocalTime { input }) => format!("{input}：当地没有这个时刻"),
            (Lang::Zh, SinceError::Malformed { input }) => format!(
                "{} 不是 2026-11-28 这样的日期（或 2026-11-28T09:00:00+08:00 这样的时间）",
                q(input)
            ),
        }
    }
}

impl PeriodError {
    pub fn message(&self, lang: Lang) -> String {
        use PeriodError as E;
        match (lang, self) {
            (Lang::En, e) => e.to_string(),
            (Lang::Zh, E::Malformed(s)) => format!(
                "期间 {} 不是月份（2026-11）、季度（2026Q4）或年份（2026）",
                q(s)
            ),
            (Lang::Zh, E::BadMonth(s, m)) => format!("期间 {}：没有 {m} 月（1-12）", q(s)),
            (Lang::Zh, E::BadQuarter(s, n)) => format!("期间 {}：没有第 {n} 季度（Q1-Q4）", q(s)),
            (Lang::Zh, E::BadYear(s, y)) => format!("期间 {}：{y} 年不在 2000-2099 之间", q(s)),
        }
    }
}

impl CodeError {
    pub fn message(&self, lang: Lang) -> String {
        use CodeError as E;
        match (lang, self) {
            (Lang::En, e) => e.to_string(),
            (Lang::Zh, E::Shape(s)) => format!("行政区划代码 {} 应为 6、9 或 12 位数字", q(s)),
            (Lang::Zh, E::ZeroProvince(s)) => format!("行政区划代码 {} 的省级部分为零", q(s)),
            (Lang::Zh, E::ZeroPart(s, part)) => {
                let part = match *part {
                    "township" => "乡镇",
                    "village" => "村",
                    p => p,
                };
                format!("行政区划代码 {}：{part}部分是 000，没有这样的区划", q(s))
            }
        }
    }
}

impl ZoneError {
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => format!(
                "未知时区 {}：请给出 IANA 名称，例如 Asia/Shanghai 或 Asia/Urumqi",
                q(&self.name)
            ),
        }
    }
}

impl FieldError {
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        use FieldError as E;
        match self {
            E::EmptyCode => "为空；需要行政区划代码".into(),
            E::Code(e) => e.message(lang),
            E::EmptyDate => "为空；需要日期".into(),
            E::NotADate { input } => format!("{} 不是日期；请写成 2025-06-01", q(input)),
            E::YearOutOfRange { input, year } => {
                format!("{}：{year} 年不在 1990-2099 之间", q(input))
            }
            E::NoMonth { input, month } => format!("{}：没有 {month} 月", q(input)),
            E::NoDay { input, month, day } => {
                format!("{} 不是真实的日子（{month} 月没有 {day} 日）", q(input))
            }
            E::AmbiguousDate { input } => format!(
                "{} 有歧义（日和月的顺序，或两位数的年份）；请写成 2025-06-01",
                q(input)
            ),
            E::NotADateSerial { input } => format!(
                "{} 是数字，但不是 1990-2099 年的 Excel 日期序号；请把日期写成 2025-06-01",
                q(input)
            ),
            E::EmptyRole => "为空；需要职务（第一书记、驻村队员或下沉干部）".into(),
            E::UnknownRole { input } => format!(
                "未知职务 {}；应为第一书记、驻村队员（驻村干部）或下沉干部",
                q(input)
            ),
            E::UnknownVillageType { input } => format!(
                "未知村类型 {}；应为脱贫村、搬迁社区、示范村、软弱涣散村或红色村庄试点",
                q(input)
            ),
            E::EmptyPeriod => "为空；需要期间（2026Q4 或 2026-11）".into(),
            E::Period(e) => e.message(lang),
            E::NotATask { input, max } => format!("{} 不是任务序号（1-{max}）", q(input)),
            E::NoTask { n, max } => format!("职责清单里没有第 {n} 项任务（1-{max}）"),
            E::UnknownEndReason { input } => format!(
                "未知结束原因 {}；应为期满轮换、作用发挥不好、身体原因、召回或其他",
                q(input)
            ),
            E::UnknownUnitLevel { input } => format!(
                "未知单位级别 {}；应为中央、省级、州级、县级、乡镇、部队或其他",
                q(input)
            ),
            E::NotYesNo { input } => format!("{} 不是“是”或“否”", q(input)),
            E::UnknownSelection { input } => {
                format!("未知选派方式 {}；应为单位推荐或组织部门选派", q(input))
            }
            E::EmptyUserRole => {
                "为空；需要角色（州级管理员、县级驻村办、乡镇联络员、驻村工作队或只读）".into()
            }
            E::UnknownUserRole { input } => format!(
                "未知角色 {}；应为州级管理员、县级驻村办、乡镇联络员、驻村工作队或只读",
                q(input)
            ),
            E::NoSuchAccount { account } => format!(
                "本服务器上没有账号 {account}（`getent passwd {account}` 查不到）；请先创建（useradd）或核对拼写"
            ),
            E::DuplicateAccount { account, first } => {
                format!("账号 {account} 在文件中出现两次（第一次在第 {first} 行）")
            }
            E::UnknownScope { code } => {
                format!("区划代码 {code} 不存在；数据库中没有这个区划（用 zhucun report 核对代码）")
            }
            E::LastAdmin { account } => format!(
                "{account} 是唯一的管理员；请在文件中保留一个州级管理员，或先新增另一个管理员"
            ),
        }
    }
}

impl KeySpecError {
    pub fn message(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::En, e) => e.to_string(),
            (Lang::Zh, KeySpecError::Ctrl(s)) => format!(
                "{} 不是按键：Ctrl 只能与一个字母 a-z 组合，例如 \"ctrl-z\"",
                q(s)
            ),
            (Lang::Zh, KeySpecError::Unknown(s)) => format!(
                "{} 不是按键：请用一个可打印的 ASCII 字符（x、G、?）或按键名，例如 enter、esc、tab、shift-tab、space、backspace、up、down、left、right、pgup、pgdn、home、end、f1、ctrl-x",
                q(s)
            ),
        }
    }
}

impl KeyError {
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        use KeyError as E;
        match self {
            E::NoSuchAction { file, name, known } => {
                format!("{file}：[keys] {name}：没有这个动作；已有的动作：{known}")
            }
            E::NoKeys { file, name } => {
                format!("{file}：[keys] {name}：至少给出一个键，例如 {name} = \"x\"")
            }
            E::BadKey { file, name, source } => {
                format!("{file}：[keys] {name}：{}", source.message(lang))
            }
            E::CtrlC { file, name } => {
                format!("{file}：[keys] {name}：ctrl-c 总是退出，不能绑定")
            }
            E::TypedKey { file, name, key } => format!(
                "{file}：[keys] {name}：{} 会让这个字符无法输入；文字输入中的动作请绑定到 enter、esc、tab 或 ctrl-s 这样的键",
                q(key)
            ),
            E::Conflict {
                file,
                key,
                first,
                second,
                ctx,
            } => format!(
                "{file}：键 {} 在 {ctx} 中同时绑定了 {first} 和 {second}；请在 [keys] 下改掉其中一个",
                q(key)
            ),
        }
    }
}

impl ConfigError {
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ConfigError::Read { path, source } => format!("{path}：无法读取配置文件：{source}"),
            ConfigError::SyntaxAt { file, line, msg } => {
                format!("{file} 第 {line} 行：{msg}；请改正或删除这一行")
            }
            ConfigError::Syntax { file, msg } => format!("{file}：{msg}"),
            ConfigError::Keys(e) => e.message(lang),
        }
    }
}

impl TransferError {
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            TransferError::Invalid { file, problems } => format!(
                "{file} 中有 {} 个问题；什么也没写入。请改正后重新导入",
                problems.len()
            ),
            TransferError::Exists(p) => {
                format!("{p} 已存在；zhucun 不会覆盖它（换一个文件名，或加 --force 替换）")
            }
            TransferError::Write { path, detail } => {
                format!("无法写入 {path}：{}", os_error_zh(detail))
            }
            TransferError::Read { path, detail } => {
                format!("无法读取 {path}：{}", os_error_zh(detail))
            }
            TransferError::Store(e) => e.message(lang),
        }
    }
}

/// `error` in `lang` if it is one of the program's own error types; None
/// for anything else (an I/O error, a context line), shown as it is.
pub fn localized(error: &(dyn std::error::Error + 'static), lang: Lang) -> Option<String> {
    macro_rules! try_types {
        ($($t:ty),*) => {
            $(if let Some(e) = error.downcast_ref::<$t>() {
                return Some(e.message(lang));
            })*
        };
    }
    try_types!(
        StoreError,
        TransferError,
        ConfigError,
        KeyError,
        KeySpecError,
        UserInputError,
        SinceError,
        PeriodError,
        CodeError,
        ZoneError,
        FieldError
    );
    if let Some(e) = error.downcast_ref::<crate::domain::DateRuleError>() {
        return Some(lang.date_rule(e));
    }
    if let Some(e) = error.downcast_ref::<crate::domain::recall::WordError>() {
        return Some(e.message(lang));
    }
    if let Some(e) = error.downcast_ref::<crate::domain::work_record::MonthError>() {
        return Some(e.message(lang));
    }
    None
}

impl crate::store::ChainBreak {
    /// Why the audit chain breaks, in `lang` (English: its `Display`).
    pub fn message(&self, lang: Lang) -> String {
        use crate::store::ChainBreak as B;
        match (lang, self) {
            (Lang::Zh, B::Missing { row, next }) => {
                format!("第 {row} 行不见了（下一行是第 {next} 行）")
            }
            (Lang::Zh, B::OutOfOrder { row }) => format!("第 {row} 行顺序不对"),
            (Lang::Zh, B::WrongTypes) => "它的列被改过（有值的类型不对）".into(),
            (Lang::Zh, B::Mismatch) => "内容与它的哈希不符".into(),
            (Lang::En, B::Missing { row, next }) => {
                format!("row {row} is missing (the next row is {next})")
            }
            (Lang::En, B::OutOfOrder { row }) => format!("row {row} is out of order"),
            (Lang::En, B::WrongTypes) => {
                "its columns were altered (a value of the wrong type)".into()
            }
            (Lang::En, B::Mismatch) => "contents do not match its hash".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transfer::{Problem, ProblemText, Problems};

    #[test]
    fn a_store_refusal_reads_in_each_language() {
        let e = StoreError::invalid("title", Detail::EmptyTitle);
        assert_eq!(e.message(Lang::Zh), "标题：标题为空");
        assert_eq!(e.message(Lang::En), "title: the title is empty");
        let e = StoreError::invalid("period", Detail::GuidancePeriod);
        assert_eq!(
            e.message(Lang::Zh),
            "期间：指导要点按季度（2026Q4）或按月（2026-11）下发"
        );
        let e = StoreError::invalid("guidance", Detail::NoGuidance(7));
        assert_eq!(e.message(Lang::Zh), "指导要点：没有编号为 7 的指导要点");
        assert_eq!(e.to_string(), "guidance: no guidance with id 7");
        assert_eq!(
            StoreError::UnknownVillage("522701999999".into()).message(Lang::Zh),
            "村代码 522701999999 不存在；用 zhucun report --by village --scope 乡镇代码 查看"
        );
        assert_eq!(
            StoreError::Busy.message(Lang::En),
            StoreError::Busy.to_string()
        );
    }

    #[test]
    fn problems_keep_their_shape_in_each_language() {
        let p = Problem {
            file: "a.csv".into(),
            line: 3,
            column: Some("姓名".into()),
            message: ProblemText::Empty,
        };
        assert_eq!(p.line(Lang::Zh), "a.csv:3: 列 姓名: 为空；必须填写");
        assert_eq!(
            p.to_string(),
            "a.csv:3: column 姓名: empty; a value is required"
        );
        let many = Problems(vec![p; 51]);
        assert_eq!(many.lines_in(Lang::Zh)[50], "……另有 1 个问题");
    }
}
