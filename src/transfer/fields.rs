//! The columns each import expects (Chinese or English headers) and the
//! parsers for their values: division codes, dates, roles, village types,
//! periods and task lists.

use super::halfwidth;
use super::table::{excel_serial_to_date, header_key};
use crate::domain::division::CodeError;
use crate::domain::period::PeriodError;
use crate::domain::posting::{EndReason, Selection, UnitLevel};
use crate::domain::{DivisionCode, MemberRole, Period, VillageType};
use chrono::NaiveDate;

/// One expected column.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub key: &'static str,
    /// The Chinese header written in samples and shown in help.
    pub zh: &'static str,
    /// Other accepted headers (matched after [`header_key`]).
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// Longest accepted value, in characters.
    pub max_chars: usize,
    pub help: &'static str,
}

/// A column (a `const fn`, so column lists are constants; shared by every
/// sheet the transfer layer reads).
pub(crate) const fn col(
    key: &'static str,
    zh: &'static str,
    aliases: &'static [&'static str],
    required: bool,
    max_chars: usize,
    help: &'static str,
) -> Column {
    Column {
        key,
        zh,
        aliases,
        required,
        max_chars,
        help,
    }
}

/// Headers accepted and ignored in every kind of file (row numbers, names
/// that only repeat what a code says).
pub const IGNORED: &[&str] = &[
    "序号",
    "编号",
    "no",
    "no.",
    "#",
    "县",
    "县名称",
    "县(市)",
    "county",
    "乡镇名称",
    "乡镇",
    "township",
    "townshipname",
    "村名",
    "村名称",
    "villagename",
    "备注",
    "remark",
    "remarks",
    "note",
];

pub const DIVISIONS: &[Column] = &[
    col(
        "code",
        "代码",
        &[
            "代码",
            "区划代码",
            "统计用区划代码",
            "行政区划代码",
            "divisioncode",
            "code",
        ],
        true,
        12,
        "6-digit code of a province, prefecture or county, or 9-digit code of a township or street",
    ),
    col(
        "name",
        "名称",
        &["名称", "区划名称", "单位名称", "name"],
        true,
        40,
        "name of the division (州, 县/市, 乡镇/街道)",
    ),
];

pub const VILLAGES: &[Column] = &[
    col(
        "township_code",
        "乡镇代码",
        &["乡镇代码", "乡镇街道代码", "乡镇区划代码", "townshipcode"],
        true,
        12,
        "9-digit code of the township or street (乡镇/街道), already in the database",
    ),
    col(
        "village_code",
        "村代码",
        &[
            "村代码",
            "村社区代码",
            "区划代码",
            "统计用区划代码",
            "代码",
            "villagecode",
            "code",
        ],
        true,
        12,
        "12-digit code of the village or community, starting with its township's code",
    ),
    col(
        "name",
        "名称",
        &[
            "名称",
            "村名",
            "村名称",
            "村社区名称",
            "村居名称",
            "name",
            "villagename",
        ],
        true,
        40,
        "name of the village (村) or community (社区)",
    ),
    col(
        "types",
        "类型",
        &["类型", "村类型", "村庄类型", "types", "type"],
        false,
        200,
        "village types, separated by 、 or ; (脱贫村, 搬迁社区, 示范村, 软弱涣散村, 红色村庄试点)",
    ),
];

pub const TEAMS: &[Column] = &[
    col(
        "village_code",
        "村代码",
        &["村代码", "村社区代码", "区划代码", "villagecode", "code"],
        true,
        12,
        "12-digit code of the village the member is posted to",
    ),
    col(
        "name",
        "姓名",
        &["姓名", "name"],
        true,
        30,
        "the member's name",
    ),
    col(
        "role",
        "职务",
        &["职务", "身份", "角色", "类别", "role"],
        true,
        20,
        "第一书记, 驻村队员 (驻村干部) or 下沉干部",
    ),
    col(
        "unit",
        "派出单位",
        &["派出单位", "单位", "unit", "dispatchingunit"],
        true,
        100,
        "the dispatching unit (派出单位)",
    ),
    col(
        "start",
        "开始日期",
        &[
            "开始日期",
            "驻村开始日期",
            "到村日期",
            "选派日期",
            "start",
            "startdate",
        ],
        true,
        30,
        "first day in post: 2025-06-01, 2025/6/1, 2025年6月1日 or an Excel date",
    ),
    col(
        "end",
        "结束日期",
        &["结束日期", "离村日期", "轮换日期", "end", "enddate"],
        false,
        30,
        "last day in post; empty while still in post",
    ),
    col(
        "end_reason",
        "结束原因",
        &["结束原因", "离村原因", "轮换原因", "endreason"],
        false,
        20,
        "why the posting ended: 期满轮换, 作用发挥不好, 身体原因, 召回 or 其他 (a code only, no detail)",
    ),
    col(
        "unit_level",
        "单位级别",
        &["单位级别", "派出单位级别", "unitlevel"],
        false,
        10,
        "the dispatching unit's level: 中央, 省级, 州级 (市级), 县级, 乡镇, 部队 or 其他",
    ),
    col(
        "post",
        "现任职务",
        &["现任职务", "单位职务", "原职务", "post"],
        false,
        40,
        "the cadre's post in the home unit",
    ),
    col(
        "section_level",
        "是否科级以上",
        &["是否科级以上", "科级以上", "sectionlevel"],
        false,
        5,
        "是 or 否: whether the cadre is at section level (科级) or above",
    ),
    col(
        "selection",
        "选派方式",
        &["选派方式", "选派类型", "selection"],
        false,
        20,
        "单位推荐 or 组织部门选派 (点名抽派)",
    ),
    col(
        "tags",
        "专长",
        &["专长", "专业特长", "特长", "tags", "specialty"],
        false,
        100,
        "specialties, separated by 、 or ;",
    ),
    col(
        "unit_contact",
        "单位联系方式",
        &["单位联系方式", "单位联系电话", "unitcontact"],
        false,
        40,
        "the dispatching unit's contact (an office telephone)",
    ),
    col(
        "unit_leader",
        "单位负责领导",
        &["单位负责领导", "负总责领导", "unitleader"],
        false,
        30,
        "the unit's leader responsible for its villages (领导负总责)",
    ),
];

/// `zhucun import cadres`: a cadre's record, named by name and dispatching
/// unit (the cadre must have a posting: import the teams first).
pub const CADRES: &[Column] = &[
    col(
        "name",
        "姓名",
        &["姓名", "name"],
        true,
        30,
        "the cadre's name",
    ),
    col(
        "unit",
        "派出单位",
        &["派出单位", "单位", "unit", "dispatchingunit"],
        true,
        100,
        "the dispatching unit (派出单位), as in the teams file",
    ),
    col(
        "unit_level",
        "单位级别",
        &["单位级别", "派出单位级别", "unitlevel"],
        false,
        10,
        "the dispatching unit's level: 中央, 省级, 州级 (市级), 县级, 乡镇, 部队 or 其他",
    ),
    col(
        "post",
        "现任职务",
        &["现任职务", "单位职务", "原职务", "post"],
        false,
        40,
        "the cadre's post in the home unit",
    ),
    col(
        "section_level",
        "是否科级以上",
        &["是否科级以上", "科级以上", "sectionlevel"],
        false,
        5,
        "是 or 否: whether the cadre is at section level (科级) or above",
    ),
    col(
        "selection",
        "选派方式",
        &["选派方式", "选派类型", "selection"],
        false,
        20,
        "单位推荐 or 组织部门选派 (点名抽派)",
    ),
    col(
        "tags",
        "专长",
        &["专长", "专业特长", "特长", "tags", "specialty"],
        false,
        100,
        "specialties, separated by 、 or ;",
    ),
    col(
        "unit_contact",
        "单位联系方式",
        &["单位联系方式", "单位联系电话", "unitcontact"],
        false,
        40,
        "the dispatching unit's contact (an office telephone)",
    ),
    col(
        "unit_leader",
        "单位负责领导",
        &["单位负责领导", "负总责领导", "unitleader"],
        false,
        30,
        "the unit's leader responsible for its villages (领导负总责)",
    ),
];

pub const GUIDANCE: &[Column] = &[
    col(
        "period",
        "期间",
        &["期间", "时间", "期次", "period"],
        true,
        20,
        "a quarter (2026Q4, 2026年第四季度) for guidance points, a month (2026-11, 2026年11月) for prompts",
    ),
    col(
        "scope",
        "范围",
        &["范围", "下发范围", "区划代码", "scope"],
        true,
        12,
        "division code the guidance is issued for (the prefecture or a county)",
    ),
    col("title", "标题", &["标题", "title"], true, 100, "the title"),
    col(
        "body",
        "内容",
        &["内容", "正文", "body", "text"],
        true,
        5000,
        "the text; line breaks are kept",
    ),
    col(
        "tasks",
        "任务",
        &["任务", "相关任务", "任务序号", "tasks"],
        false,
        200,
        "duty task numbers it concerns, separated by 、 , or ;",
    ),
];

/// `zhucun user import`: accounts with their role and scope.
pub const USERS: &[Column] = &[
    col(
        "account",
        "账号",
        &["账号", "登录名", "用户名", "account", "login", "user"],
        true,
        64,
        "login name on this server (as `id -un` prints it); the account must exist (useradd)",
    ),
    col(
        "role",
        "角色",
        &["角色", "权限", "role"],
        true,
        20,
        "州级管理员 (admin), 县级驻村办 (county), 乡镇联络员 (township), 驻村工作队 (team) or 只读 (viewer)",
    ),
    col(
        "scope",
        "范围",
        &["范围", "区划代码", "scope"],
        false,
        12,
        "division the account works on: county (6 digits), township (9) or village (12); empty for admins",
    ),
    col(
        "name",
        "姓名",
        &["姓名", "name"],
        false,
        30,
        "the person's name, shown for the account's records (记录人)",
    ),
];

/// Which file column holds each expected column (by index in `columns`).
#[derive(Debug, Clone)]
pub struct HeaderMap {
    /// For each expected column: the index in the file's row, if present.
    pub index: Vec<Option<usize>>,
    /// The header text as written in the file, for messages.
    pub names: Vec<String>,
}

impl HeaderMap {
    /// Match the header row; returns the problems (unknown or repeated
    /// columns, missing required ones) as (header index or None, message).
    pub fn build(
        columns: &[Column],
        header: &[std::borrow::Cow<str>],
    ) -> (HeaderMap, Vec<(Option<usize>, super::ProblemText)>) {
        let mut index = vec![None; columns.len()];
        let mut names: Vec<String> = columns.iter().map(|c| c.zh.to_string()).collect();
        let mut problems = Vec::new();
        for (i, h) in header.iter().enumerate() {
            let k = header_key(h);
            if k.is_empty() {
                continue;
            }
            let found = columns.iter().position(|c| {
                c.aliases.iter().any(|a| header_key(a) == k) || header_key(c.key) == k
            });
            match found {
                Some(c) if index[c].is_some() => problems.push((
                    Some(i),
                    super::ProblemText::ColumnTwice {
                        zh: columns[c].zh,
                        first: names[c].clone(),
                        second: h.trim().to_string(),
                    },
                )),
                Some(c) => {
                    index[c] = Some(i);
                    names[c] = h.trim().trim_start_matches('\u{FEFF}').to_string();
                }
                None if IGNORED.iter().any(|a| header_key(a) == k) => {}
                None => problems.push((
                    Some(i),
                    super::ProblemText::UnknownColumn {
                        name: h.trim().to_string(),
                        expected: expected_cols(columns),
                    },
                )),
            }
        }
        for (c, col) in columns.iter().enumerate() {
            if col.required && index[c].is_none() {
                problems.push((
                    None,
                    super::ProblemText::NoColumn {
                        zh: col.zh,
                        key: col.key,
                        expected: expected_cols(columns),
                    },
                ));
            }
        }
        (HeaderMap { index, names }, problems)
    }
}

/// Each column's Chinese header and whether it is required.
pub fn expected_cols(columns: &[Column]) -> Vec<(&'static str, bool)> {
    columns.iter().map(|c| (c.zh, c.required)).collect()
}

/// `乡镇代码, 村代码, 名称, 类型 (optional)`.
pub fn expected_list(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| {
            if c.required {
                c.zh.to_string()
            } else {
                format!("{} (optional)", c.zh)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a cell did not parse: a kind plus the values its message needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("empty; a division code is required")]
    EmptyCode,
    #[error("{0}")]
    Code(#[from] CodeError),
    #[error("empty; a date is required")]
    EmptyDate,
    #[error("{input:?} is not a date; write it as 2025-06-01")]
    NotADate { input: String },
    #[error("{input:?}: year {year} is outside 1990-2099")]
    YearOutOfRange { input: String, year: i32 },
    #[error("{input:?}: there is no month {month}")]
    NoMonth { input: String, month: u32 },
    #[error("{input:?} is not a real day (month {month} has no day {day})")]
    NoDay { input: String, month: u32, day: u32 },
    #[error(
        "{input:?} is ambiguous (day and month order, or a two-digit year); write it as 2025-06-01"
    )]
    AmbiguousDate { input: String },
    #[error(
        "{input:?} is a number but not an Excel date serial for 1990-2099; write the date as 2025-06-01"
    )]
    NotADateSerial { input: String },
    #[error(
        "unknown end reason {input:?}; expected 期满轮换, 作用发挥不好, 身体原因, 召回 or 其他"
    )]
    UnknownEndReason { input: String },
    #[error("unknown unit level {input:?}; expected 中央, 省级, 州级, 县级, 乡镇, 部队 or 其他")]
    UnknownUnitLevel { input: String },
    #[error("{input:?} is not 是 or 否")]
    NotYesNo { input: String },
    #[error("unknown selection {input:?}; expected 单位推荐 or 组织部门选派")]
    UnknownSelection { input: String },
    #[error("empty; the role is required (第一书记, 驻村队员 or 下沉干部)")]
    EmptyRole,
    #[error("unknown role {input:?}; expected 第一书记, 驻村队员 (驻村干部) or 下沉干部")]
    UnknownRole { input: String },
    #[error(
        "unknown village type {input:?}; expected 脱贫村, 搬迁社区, 示范村, 软弱涣散村 or 红色村庄试点"
    )]
    UnknownVillageType { input: String },
    #[error("empty; a period is required (2026Q4 or 2026-11)")]
    EmptyPeriod,
    #[error("{0}")]
    Period(#[from] PeriodError),
    #[error("{input:?} is not a task number (1-{max})")]
    NotATask { input: String, max: u32 },
    #[error("no task number {n} in the duty catalogue (1-{max})")]
    NoTask { n: u32, max: u32 },
    #[error("empty; the role is required (州级管理员, 县级驻村办, 乡镇联络员, 驻村工作队 or 只读)")]
    EmptyUserRole,
    #[error(
        "unknown role {input:?}; expected 州级管理员 (admin), 县级驻村办 (county), 乡镇联络员 (township), 驻村工作队 (team) or 只读 (viewer)"
    )]
    UnknownUserRole { input: String },
    #[error(
        "there is no account {account} on this server (`getent passwd {account}` finds nothing); create it first (useradd) or check the spelling"
    )]
    NoSuchAccount { account: String },
    #[error("account {account} appears twice in the file (first on line {first})")]
    DuplicateAccount { account: String, first: usize },
    #[error(
        "unknown division code {code}; no such division in the database (check the code with `zhucun report`)"
    )]
    UnknownScope { code: String },
    #[error(
        "{account} is the only administrator; keep an administrator (州级管理员) in the file or add another admin first"
    )]
    LastAdmin { account: String },
}

/// A division code, full-width digits accepted.
pub fn code(s: &str) -> Result<DivisionCode, FieldError> {
    let h = halfwidth(s);
    let t = h.trim();
    if t.is_empty() {
        return Err(FieldError::EmptyCode);
    }
    Ok(DivisionCode::parse(t)?)
}

/// A date in one of the unambiguous forms Excel and people write.
pub fn date(s: &str) -> Result<NaiveDate, FieldError> {
    let h = halfwidth(s);
    let t = h.trim();
    let input = || s.trim().to_string();
    let bad = || FieldError::NotADate { input: input() };
    if t.is_empty() {
        return Err(FieldError::EmptyDate);
    }
    let ymd = |y: &str, m: &str, d: &str| -> Result<NaiveDate, FieldError> {
        let (y, m, d): (i32, u32, u32) = match (y.parse(), m.parse(), d.parse()) {
            (Ok(y), Ok(m), Ok(d)) => (y, m, d),
            _ => return Err(bad()),
        };
        if !(1990..=2099).contains(&y) {
            return Err(FieldError::YearOutOfRange {
                input: input(),
                year: y,
            });
        }
        if !(1..=12).contains(&m) {
            return Err(FieldError::NoMonth {
                input: input(),
                month: m,
            });
        }
        NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| FieldError::NoDay {
            input: input(),
            month: m,
            day: d,
        })
    };
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    // 2025年6月1日
    if let Some(rest) = t.strip_suffix('日').or_else(|| t.strip_suffix('号')) {
        if let Some((y, md)) = rest.split_once('年')
            && let Some((m, d)) = md.split_once('月')
        {
            return ymd(y.trim(), m.trim(), d.trim());
        }
        return Err(bad());
    }
    // A time of day after the date (2025-06-01 00:00:00) is dropped.
    let t = t.split([' ', 'T']).next().unwrap_or("");
    for sep in ['-', '/', '.'] {
        let mut it = t.split(sep);
        if let (Some(y), Some(m), Some(d), None) = (it.next(), it.next(), it.next(), it.next())
            && [y, m, d].iter().all(|p| digits(p))
        {
            if y.len() == 4 {
                return ymd(y, m, d);
            }
            return Err(FieldError::AmbiguousDate { input: input() });
        }
    }
    if digits(t) && t.len() == 8 {
        return ymd(&t[0..4], &t[4..6], &t[6..8]);
    }
    // An Excel date serial (days since 1899-12-30), as CSV exports write
    // date cells that had no date format: accepted for 1990-2099.
    if let Ok(n) = t.parse::<f64>()
        && (32874.0..73051.0).contains(&n)
        && let Some(d) = excel_serial_to_date(n)
    {
        return Ok(d);
    }
    if digits(t) {
        return Err(FieldError::NotADateSerial { input: input() });
    }
    Err(bad())
}

/// A posting's end reason (empty: not given).
pub fn end_reason(s: &str) -> Result<Option<EndReason>, FieldError> {
    let k = header_key(s);
    Ok(Some(match k.as_str() {
        "" => return Ok(None),
        "期满轮换" | "轮换" | "期满" | "rotation" | "termrotation" => EndReason::Rotation,
        "作用发挥不好" | "poorperformance" | "performingpoorly" => EndReason::PoorPerformance,
        "身体原因" | "health" => EndReason::Health,
        "召回" | "recalled" | "recall" => EndReason::Recalled,
        "其他" | "other" => EndReason::Other,
        _ => {
            return Err(FieldError::UnknownEndReason {
                input: s.trim().to_string(),
            });
        }
    }))
}

/// A dispatching unit's level (empty: not given).
pub fn unit_level(s: &str) -> Result<Option<UnitLevel>, FieldError> {
    let k = header_key(s);
    Ok(Some(match k.as_str() {
        "" => return Ok(None),
        "中央" | "中央单位" | "central" => UnitLevel::Central,
        "省级" | "省" | "province" => UnitLevel::Province,
        "州级" | "州" | "市级" | "市州" | "prefecture" => UnitLevel::Prefecture,
        "县级" | "县" | "county" => UnitLevel::County,
        "乡镇" | "乡镇级" | "township" => UnitLevel::Township,
        "部队" | "army" => UnitLevel::Army,
        "其他" | "other" => UnitLevel::Other,
        _ => {
            return Err(FieldError::UnknownUnitLevel {
                input: s.trim().to_string(),
            });
        }
    }))
}

/// 是/否 (empty: not given).
pub fn yes_no(s: &str) -> Result<Option<bool>, FieldError> {
    let k = header_key(s);
    Ok(Some(match k.as_str() {
        "" => return Ok(None),
        "是" | "y" | "yes" | "1" | "true" => true,
        "否" | "n" | "no" | "0" | "false" => false,
        _ => {
            return Err(FieldError::NotYesNo {
                input: s.trim().to_string(),
            });
        }
    }))
}

/// How a cadre was selected (empty: not given).
pub fn selection(s: &str) -> Result<Option<Selection>, FieldError> {
    let k = header_key(s);
    Ok(Some(match k.as_str() {
        "" => return Ok(None),
        "单位推荐" | "推荐" | "unit" | "recommended" => Selection::Unit,
        "组织部门选派" | "组织选派" | "点名抽派" | "组织点名抽派" | "org" | "named" => {
            Selection::Org
        }
        _ => {
            return Err(FieldError::UnknownSelection {
                input: s.trim().to_string(),
            });
        }
    }))
}

/// Specialty tags separated by 、 , ; or spaces (empty: not given).
pub fn tags(s: &str) -> Option<Vec<String>> {
    let t: Vec<String> = s
        .split(['、', ',', '，', ';', '；', ' '])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    (!t.is_empty()).then_some(t)
}

/// A team member's role, in Chinese or English.
pub fn role(s: &str) -> Result<MemberRole, FieldError> {
    // The usual spellings as they are, before the general folding.
    match s.trim() {
        "第一书记" => return Ok(MemberRole::FirstSecretary),
        "驻村队员" => return Ok(MemberRole::Resident),
        "下沉干部" => return Ok(MemberRole::SentDown),
        _ => {}
    }
    let k = header_key(s);
    Ok(match k.as_str() {
        "第一书记" | "驻村第一书记" | "第一书记兼队长" | "队长" | "firstsecretary" => {
            MemberRole::FirstSecretary
        }
        "驻村队员" | "驻村干部" | "队员" | "工作队员" | "resident" | "residentcadre" => {
            MemberRole::Resident
        }
        "下沉干部" | "sentdown" | "sentdowncadre" => MemberRole::SentDown,
        "" => return Err(FieldError::EmptyRole),
        _ => {
            return Err(FieldError::UnknownRole {
                input: s.trim().to_string(),
            });
        }
    })
}

/// An account's role: its Chinese name as `zhucun user list` shows it, or
/// the key `--role` takes.
pub fn user_role(s: &str) -> Result<crate::domain::UserRole, FieldError> {
    use crate::domain::UserRole;
    let k = header_key(s);
    Ok(match k.as_str() {
        "州级管理员" | "管理员" | "admin" | "administrator" => UserRole::Admin,
        "县级驻村办" | "县驻村办" | "county" => UserRole::County,
        "乡镇联络员" | "township" => UserRole::Township,
        "驻村工作队" | "工作队" | "team" => UserRole::Team,
        "只读" | "viewer" => UserRole::Viewer,
        "" => return Err(FieldError::EmptyUserRole),
        _ => {
            return Err(FieldError::UnknownUserRole {
                input: s.trim().to_string(),
            });
        }
    })
}

/// Village types separated by 、 , ; / or spaces, Chinese labels (short or
/// full) or keys.
pub fn village_types(s: &str) -> Result<Vec<VillageType>, FieldError> {
    // The usual cells first: empty, or one short label.
    match s.trim() {
        "" => return Ok(Vec::new()),
        "脱贫村" => return Ok(vec![VillageType::FormerPoor]),
        "搬迁社区" => return Ok(vec![VillageType::Relocation]),
        "示范村" => return Ok(vec![VillageType::Demonstration]),
        "软弱涣散村" => return Ok(vec![VillageType::WeakParty]),
        "红色村庄试点" => return Ok(vec![VillageType::RedPilot]),
        _ => {}
    }
    let mut out = Vec::new();
    for part in s.split(['、', ',', '，', ';', '；', '/', ' ', '|']) {
        let k = header_key(part);
        if k.is_empty() {
            continue;
        }
        let t = match k.as_str() {
            "脱贫村" | "原建档立卡贫困村" | "贫困村" | "formerpoor" => {
                VillageType::FormerPoor
            }
            "搬迁社区" | "易地扶贫搬迁社区" | "易地搬迁社区" | "relocation" => {
                VillageType::Relocation
            }
            "示范村" | "乡村振兴示范村" | "demonstration" => VillageType::Demonstration,
            "软弱涣散村" | "党组织软弱涣散村" | "weakparty" => VillageType::WeakParty,
            "红色村庄试点" | "全国红色美丽村庄建设试点村" | "红色美丽村庄" | "redpilot" => {
                VillageType::RedPilot
            }
            _ => {
                return Err(FieldError::UnknownVillageType {
                    input: part.trim().to_string(),
                });
            }
        };
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out.sort();
    Ok(out)
}

/// A guidance period: `2026Q4`, `2026-11`, `2026年第四季度`, `2026年11月`.
pub fn period(s: &str) -> Result<Period, FieldError> {
    let h = halfwidth(s);
    let t = h.trim();
    if t.is_empty() {
        return Err(FieldError::EmptyPeriod);
    }
    let zh = if let Some((y, rest)) = t.split_once('年') {
        let rest = rest.trim_end_matches('份');
        if let Some(m) = rest.strip_suffix('月') {
            Some(format!("{y}-{m}"))
        } else {
            let q = rest.trim_start_matches('第').trim_end_matches("季度");
            let n = match q {
                "一" | "1" => "1",
                "二" | "2" => "2",
                "三" | "3" => "3",
                "四" | "4" => "4",
                _ => "?",
            };
            Some(format!("{y}Q{n}"))
        }
    } else {
        None
    };
    Ok(Period::parse(zh.as_deref().unwrap_or(t))?)
}

/// Task numbers separated by 、 , ; or spaces.
pub fn tasks(s: &str, max: u32) -> Result<Vec<u32>, FieldError> {
    let t = halfwidth(s);
    let mut out = Vec::new();
    for part in t.split(['、', ',', '，', ';', '；', ' ', '/']) {
        let p = part.trim();
        if p.is_empty() {
            continue;
        }
        let n: u32 = p.parse().map_err(|_| FieldError::NotATask {
            input: p.to_string(),
            max,
        })?;
        if n == 0 || n > max {
            return Err(FieldError::NoTask { n, max });
        }
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> String {
        date(s)
            .map(|d| d.to_string())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn dates() {
        for ok in [
            "2025-06-01",
            "2025/6/1",
            "2025.06.01",
            "2025年6月1日",
            "20250601",
            "45809",
            "２０２５－０６－０１",
            "2025-06-01 00:00:00",
        ] {
            assert_eq!(d(ok), "2025-06-01", "{ok}");
        }
        assert!(d("2025-02-30").contains("not a real day"));
        assert!(d("2025-13-01").contains("no month 13"));
        assert!(d("06/01/2025").contains("ambiguous"));
        assert!(d("1/6/25").contains("ambiguous"));
        assert!(d("123").contains("not an Excel date serial"));
        assert!(d("next week").contains("not a date"));
    }

    #[test]
    fn roles_types_periods_tasks() {
        assert_eq!(role("第一书记").unwrap(), MemberRole::FirstSecretary);
        assert_eq!(role("驻村干部").unwrap(), MemberRole::Resident);
        assert_eq!(role("Sent-down").unwrap(), MemberRole::SentDown);
        assert_eq!(end_reason("期满轮换").unwrap(), Some(EndReason::Rotation));
        assert_eq!(end_reason(" 身体原因 ").unwrap(), Some(EndReason::Health));
        assert_eq!(end_reason("").unwrap(), None);
        assert!(end_reason("生病住院").is_err());
        assert_eq!(unit_level("州级").unwrap(), Some(UnitLevel::Prefecture));
        assert_eq!(yes_no("是").unwrap(), Some(true));
        assert!(yes_no("也许").is_err());
        assert_eq!(selection("点名抽派").unwrap(), Some(Selection::Org));
        assert_eq!(
            tags("农技、电商; 党建").unwrap(),
            vec!["农技", "电商", "党建"]
        );
        assert!(
            role("村长")
                .unwrap_err()
                .to_string()
                .contains("unknown role \"村长\"")
        );
        assert_eq!(
            village_types("示范村、脱贫村").unwrap(),
            vec![VillageType::FormerPoor, VillageType::Demonstration]
        );
        assert!(village_types("富裕村").is_err());
        assert_eq!(period("2026年第四季度").unwrap().to_string(), "2026Q4");
        assert_eq!(period("2026年11月").unwrap().to_string(), "2026-11");
        assert_eq!(period("２０２６Ｑ４").unwrap().to_string(), "2026Q4");
        assert_eq!(tasks("1、5，19", 25).unwrap(), vec![1, 5, 19]);
        assert!(tasks("26", 25).is_err());
        assert_eq!(code("５２２７０１").unwrap().as_str(), "522701");
    }
}
