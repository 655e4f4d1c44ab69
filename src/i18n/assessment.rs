//! Words of the annual assessment (年度考核) and commendations: the screen,
//! the CLI's tables and the refusals, one table per language.

use super::Lang;
use crate::domain::assessment::{CommendLevel, Grade, GradeRefusal};
use crate::store::AssessDetail;

pub struct Assess {
    /// The screen's tab and help heading.
    pub tab: &'static str,
    /// Screen title: pool name, year.
    pub title: &'static str,
    /// The counter: excellent, quota.
    pub counter: &'static str,
    /// Beside the counter when the pool holds more 优秀 than its quota.
    pub counter_over: &'static str,
    /// After a lowered percentage: year, pool name, excellent, quota, pool.
    pub over_quota: &'static str,
    pub pool_size: &'static str,
    pub settings_saved: &'static str,
    /// The quota percentage: {}.
    pub quota_pct: &'static str,
    pub col_village: &'static str,
    pub col_name: &'static str,
    pub col_unit: &'static str,
    pub col_days: &'static str,
    pub col_recalled: &'static str,
    pub col_hours: &'static str,
    pub col_suggestion: &'static str,
    pub col_grade: &'static str,
    pub col_body: &'static str,
    pub col_county: &'static str,
    pub col_pool: &'static str,
    pub col_quota: &'static str,
    pub col_level: &'static str,
    pub col_title: &'static str,
    pub col_date: &'static str,
    pub col_doc: &'static str,
    pub recalled_flag: &'static str,
    pub no_grade: &'static str,
    pub no_hours: &'static str,
    /// Suggestion: the short months, as "3、5".
    pub suggestion: &'static str,
    pub no_cadres: &'static str,
    /// A received copy's screen: it holds the counts only (grade, count
    /// pairs follow).
    pub copy_counts: &'static str,
    /// Status line after a grade: name, grade.
    pub graded: &'static str,
    /// The screen needs a county: shown elsewhere.
    pub need_county: &'static str,
    pub distribution_title: &'static str,
    pub commend_title: &'static str,
    pub plan_title: &'static str,
    pub commend_added: &'static str,
    pub none: &'static str,
    /// Import: grades written, file.
    pub imported: &'static str,
    pub exported: &'static str,
}

pub static ASSESS_ZH: Assess = Assess {
    tab: "年度考核",
    title: "年度考核 · {} · {}年",
    counter: "优秀 {} / 限额 {}",
    counter_over: "超出限额 {}（比例调低前已评，请复核）",
    over_quota: "注意：{}年 {} 已评优秀 {} 人，超出新的限额 {}（考核人数 {}）；已评的等次保留，请考核单位复核",
    pool_size: "考核人数 {}",
    settings_saved: "考核设置已保存",
    quota_pct: "优秀比例上限：考核人数的 {}%（向下取整）",
    col_village: "村",
    col_name: "姓名",
    col_unit: "派出单位",
    col_days: "在村天数",
    col_recalled: "召回",
    col_hours: "培训学时",
    col_suggestion: "考勤提示",
    col_grade: "等次",
    col_body: "考核单位",
    col_county: "县",
    col_pool: "人数",
    col_quota: "优秀限额",
    col_level: "级别",
    col_title: "表彰名称",
    col_date: "日期",
    col_doc: "文号",
    recalled_flag: "已召回",
    no_grade: "未评",
    no_hours: "—",
    suggestion: "{}月不足20天，供参考",
    no_cadres: "该范围本年度没有驻村干部",
    copy_counts: "上级汇总库只有各等次人数（名单和评定在州里）：",
    graded: "已评：{} {}",
    need_county: "年度考核按县进行：请在县或其下级打开",
    distribution_title: "等次分布（人数）",
    commend_title: "表彰",
    plan_title: "应制定专项培养方案（州级以上表彰）",
    commend_added: "已记录表彰 {}",
    none: "无",
    imported: "已导入 {} 条考核结果（{}）",
    exported: "已导出到 {}",
};

pub static ASSESS_EN: Assess = Assess {
    tab: "assessment",
    title: "Annual assessment · {} · {}",
    counter: "excellent {} / quota {}",
    counter_over: "{} over the quota (given before the percentage was lowered; review them)",
    over_quota: "note: {} {} holds {} 优秀, over the new quota of {} (pool of {}); the grades given stay, for the assessing body to review",
    pool_size: "{} in the pool",
    settings_saved: "assessment settings saved",
    quota_pct: "优秀 quota: {}% of the pool, rounded down",
    col_village: "Village",
    col_name: "Name",
    col_unit: "Unit",
    col_days: "Village days",
    col_recalled: "Recalled",
    col_hours: "Training h",
    col_suggestion: "Attendance note",
    col_grade: "Grade",
    col_body: "Assessed by",
    col_county: "County",
    col_pool: "Pool",
    col_quota: "Excellent quota",
    col_level: "Level",
    col_title: "Title",
    col_date: "Date",
    col_doc: "Document",
    recalled_flag: "recalled",
    no_grade: "none",
    no_hours: "—",
    suggestion: "months {} under 20 days, to weigh",
    no_cadres: "no cadres posted here in that year",
    copy_counts: "a received copy holds the counts per grade only (the names and grading stay at the prefecture): ",
    graded: "graded: {} {}",
    need_county: "the assessment is per county: open it at a county or below",
    distribution_title: "Grade distribution (counts)",
    commend_title: "Commendations",
    plan_title: "Due a training plan (commended at prefecture level or above)",
    commend_added: "commendation {} recorded",
    none: "none",
    imported: "{} assessment results imported ({})",
    exported: "exported to {}",
};

impl Lang {
    pub fn assess(self) -> &'static Assess {
        match self {
            Lang::Zh => &ASSESS_ZH,
            Lang::En => &ASSESS_EN,
        }
    }

    pub fn grade(self, g: Grade) -> &'static str {
        match self {
            Lang::Zh => g.zh(),
            Lang::En => g.en(),
        }
    }

    pub fn commend_level(self, l: CommendLevel) -> &'static str {
        match self {
            Lang::Zh => l.zh(),
            Lang::En => l.en(),
        }
    }
}

/// Fill `{}` in `pattern` with `args`, in order.
pub fn fill(pattern: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut parts = pattern.split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, p) in parts.enumerate() {
        if let Some(a) = args.get(i) {
            out.push_str(&a.to_string());
        }
        out.push_str(p);
    }
    out
}

/// A refused grade in words, with the counts.
pub fn refusal(why: &GradeRefusal, lang: Lang) -> String {
    match (why, lang) {
        (
            GradeRefusal::OverQuota {
                excellent,
                quota,
                pool,
            },
            Lang::Zh,
        ) => format!(
            "优秀已满：本考核范围 {pool} 人，优秀限额 {quota}（按设置比例向下取整），已评优秀 {excellent}；请先调整其他人的等次"
        ),
        (
            GradeRefusal::OverQuota {
                excellent,
                quota,
                pool,
            },
            Lang::En,
        ) => format!(
            "the excellent quota is full: {pool} in the pool, quota {quota} (the setting's percentage, rounded down), {excellent} already excellent; change another grade first"
        ),
        (GradeRefusal::Recalled { year }, Lang::Zh) => {
            format!("{year}年内被召回的干部不能评为优秀")
        }
        (GradeRefusal::Recalled { year }, Lang::En) => {
            format!("a cadre recalled in {year} cannot be graded excellent")
        }
    }
}

/// An [`AssessDetail`] in words.
pub fn detail(d: &AssessDetail, lang: Lang) -> String {
    use AssessDetail as D;
    let zh = lang == Lang::Zh;
    match d {
        D::Refused { name, why } => format!("{name}：{}", refusal(why, lang)),
        D::NotInPool { name, year } if zh => {
            format!("{name} {year}年不在该考核范围内驻村；请检查姓名或考核范围")
        }
        D::NotInPool { name, year } => {
            format!("{name} had no posting in this pool in {year}; check the name or the pool")
        }
        D::SameName { name, ids } if zh => format!(
            "考核范围内有 {} 位 {name}（干部编号 {}）；请用 --cadre 指定编号",
            ids.len(),
            join(ids)
        ),
        D::SameName { name, ids } => format!(
            "{} cadres named {name} in the pool (ids {}); give --cadre ID instead",
            ids.len(),
            join(ids)
        ),
        D::NoCadre(id) if zh => format!("没有编号为 {id} 的干部"),
        D::NoCadre(id) => format!("no cadre with id {id}"),
        D::NotACounty(c) if zh => format!("{c} 不是县级区划代码；考核范围按县（6位代码）"),
        D::NotACounty(c) => {
            format!("{c} is not a county code; a county pool needs a 6-digit county code")
        }
        D::NoUnit(id) if zh => format!("没有编号为 {id} 的派出单位"),
        D::NoUnit(id) => format!("no dispatching unit with id {id}"),
        D::NoBody if zh => "请填写考核单位".into(),
        D::NoBody => "give the assessing body (考核单位)".into(),
        D::NoTitle if zh => "请填写表彰名称".into(),
        D::NoTitle => "give the commendation's title".into(),
        D::QuotaPct(p) if zh => format!("优秀比例 {p}% 不在 1 到 100 之间；请给一个 1–100 的整数"),
        D::QuotaPct(p) => {
            format!("an 优秀 share of {p}% is outside 1 to 100; give a whole number from 1 to 100")
        }
    }
}

fn join(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The command line's help words of `assess` and `commend` (looked up
/// after `cli_help::HELP`).
pub static CLI_HELP: &[(&str, &str, &str)] = &[
    (
        "assess",
        "年度考核：名单、评定等次、等次分布、导出",
        "The annual assessment (年度考核): list, set, distribution, export",
    ),
    (
        "assess list",
        "考核范围内的干部及其全年考勤、召回、培训和等次，按村代码再按姓名排列",
        "The pool's cadres with their year and grade, by village code then name",
    ),
    (
        "assess list --county",
        "考核范围所在的县（6 位代码；默认你自己的县）",
        "The county whose cadres form the pool (6 digits; default: your own county)",
    ),
    (
        "assess list --unit",
        "改用派出单位的编号：该单位的干部为一个考核范围",
        "A dispatching unit's id instead: the unit's cadres form the pool",
    ),
    (
        "assess list --year",
        "考核年度（默认：11 月起为今年，否则为去年）",
        "The year assessed (default: this year from November, else last year)",
    ),
    (
        "assess list --format",
        "输出格式：table 表格、csv 或 json",
        "Output: table, csv or json",
    ),
    (
        "assess set",
        "评定一名干部的等次（考核单位：本县或管理员）",
        "Enter one cadre's grade (the pool's assessing body: its county or an administrator)",
    ),
    (
        "assess set --county",
        "考核范围所在的县（6 位代码；默认你自己的县）",
        "The county whose cadres form the pool (6 digits; default: your own county)",
    ),
    (
        "assess set --unit",
        "改用派出单位的编号：该单位的干部为一个考核范围",
        "A dispatching unit's id instead: the unit's cadres form the pool",
    ),
    (
        "assess set --year",
        "考核年度（默认：11 月起为今年，否则为去年）",
        "The year assessed (default: this year from November, else last year)",
    ),
    (
        "assess set --cadre",
        "干部编号",
        "The cadre's id (干部编号)",
    ),
    (
        "assess set --name",
        "干部姓名（在考核范围内须唯一）",
        "The cadre's name (must be unique in the pool)",
    ),
    (
        "assess set --grade",
        "优秀、称职、基本称职或不称职（也可写 excellent、competent、basic、incompetent）",
        "优秀, 称职, 基本称职 or 不称职 (or excellent, competent, basic, incompetent)",
    ),
    (
        "assess set --body",
        "考核单位（默认县名）",
        "The assessing body (考核单位; default: the county's name)",
    ),
    (
        "assess set --date",
        "考核日期（默认今天）",
        "The day of the assessment (default: today)",
    ),
    (
        "assess set --basis",
        "考核依据说明",
        "A note on the basis (依据)",
    ),
    (
        "assess dist",
        "各县等次分布（只有人数，不列名单）",
        "The grade distribution per county (counts, never a list of people)",
    ),
    (
        "assess dist --scope",
        "区划代码（默认你自己的范围）",
        "Division code (default: your own scope)",
    ),
    (
        "assess dist --year",
        "考核年度（默认：11 月起为今年，否则为去年）",
        "The year assessed (default: this year from November, else last year)",
    ),
    (
        "assess dist --format",
        "输出格式：table 表格、csv 或 json",
        "Output: table, csv or json",
    ),
    (
        "assess settings",
        "显示优秀比例上限；修改它（仅管理员）",
        "Show the 优秀 quota percentage; change it (administrators only)",
    ),
    (
        "assess settings --quota-pct",
        "每个考核范围内评为优秀的最多比例，按考核人数的百分比向下取整（默认 30）",
        "The most of a pool graded 优秀, in per cent of the pool, rounded down (default 30)",
    ),
    (
        "assess export",
        "把等次分布和各县等次名单写入 .xlsx 或 .csv 文件",
        "Write the distribution and each county's grades to an .xlsx or .csv file",
    ),
    (
        "assess export --scope",
        "区划代码（默认你自己的范围）",
        "Division code (default: your own scope)",
    ),
    (
        "assess export --year",
        "考核年度（默认：11 月起为今年，否则为去年）",
        "The year assessed (default: this year from November, else last year)",
    ),
    (
        "assess export --output",
        "要写入的文件（.xlsx 或 .csv）",
        "File to write (.xlsx, or .csv)",
    ),
    (
        "assess export --force",
        "文件已存在时替换",
        "Replace the file if it exists",
    ),
    (
        "assess import",
        "导入县里已有的考核结果表（姓名或干部编号、等次、考核单位、日期、依据）：全部成功或全不写入，限额和召回规则按整个文件检查",
        "Import a county's assessment sheet (姓名 or 干部编号, 等次, 考核单位, 日期, 依据): all or nothing; the quota and recalled rules apply to the whole file",
    ),
    (
        "assess import FILE",
        "CSV（UTF-8、GBK/GB18030 或 UTF-16）或 .xlsx 文件",
        "CSV (UTF-8, GBK/GB18030 or UTF-16) or .xlsx file",
    ),
    (
        "assess import --county",
        "考核范围所在的县（6 位代码；默认你自己的县）",
        "The county whose cadres form the pool (6 digits; default: your own county)",
    ),
    (
        "assess import --unit",
        "改用派出单位的编号：该单位的干部为一个考核范围",
        "A dispatching unit's id instead: the unit's cadres form the pool",
    ),
    (
        "assess import --year",
        "考核年度（默认：11 月起为今年，否则为去年）",
        "The year assessed (default: this year from November, else last year)",
    ),
    (
        "assess import --check",
        "只检查文件并列出所有问题，不写入",
        "Check the file and report every problem, but write nothing",
    ),
    (
        "assess import --encoding",
        "CSV 文件的编码（默认自动识别）",
        "Text encoding of a CSV file (default: detect)",
    ),
    (
        "commend",
        "表彰记录和应制定专项培养方案的名单",
        "Commendations (表彰) and the 专项培养方案 list",
    ),
    (
        "commend add",
        "记录一项表彰（干部所在县或管理员）",
        "Record a commendation (the cadre's county or an administrator)",
    ),
    (
        "commend add --cadre",
        "干部编号",
        "The cadre's id (干部编号)",
    ),
    (
        "commend add --level",
        "国家级、省级、州级、县级或乡镇级",
        "国家级, 省级, 州级, 县级 or 乡镇级 (national ... township)",
    ),
    (
        "commend add --title",
        "表彰名称",
        "The commendation's title",
    ),
    ("commend add --date", "表彰日期", "The day it was given"),
    ("commend add --doc", "文号", "The document number (文号)"),
    (
        "commend list",
        "范围内干部的表彰，按村代码再按姓名排列",
        "Commendations of a scope's cadres, by village code then name",
    ),
    (
        "commend list --scope",
        "区划代码（默认你自己的范围）",
        "Division code (default: your own scope)",
    ),
    (
        "commend list --due",
        "只列州级以上表彰、应制定专项培养方案的干部",
        "Only those due a 专项培养方案 (commended at 州级 or above)",
    ),
    (
        "commend list --format",
        "输出格式：table 表格、csv 或 json",
        "Output: table, csv or json",
    ),
];

/// The words of the assessment screen's key-table actions (looked up after
/// `ui::ACTIONS`).
pub static ACTIONS: &[(&str, &str, &str)] = &[
    ("assessment", "年度考核", "annual assessment"),
    ("grade_excellent", "评为优秀", "grade excellent"),
    ("grade_competent", "评为称职", "grade competent"),
    ("grade_basic", "评为基本称职", "grade basically competent"),
    ("grade_incompetent", "评为不称职", "grade incompetent"),
];

/// A problem of an assessment sheet in words.
pub fn problem(p: &crate::transfer::assessment_import::AssessProblem, lang: Lang) -> String {
    use crate::transfer::assessment_import::AssessProblem as P;
    let zh = lang == Lang::Zh;
    match p {
        P::NoNameColumn if zh => "需要“姓名”或“干部编号”列".into(),
        P::NoNameColumn => "the sheet needs a 姓名 (name) or 干部编号 (cadre id) column".into(),
        P::BadGrade(g) if zh => format!("“{g}”不是等次；请填 优秀、称职、基本称职 或 不称职"),
        P::BadGrade(g) => format!("{g:?} is not a grade; write 优秀, 称职, 基本称职 or 不称职"),
        P::NotInPool(n) if zh => format!("{n} 本年度不在该考核范围内驻村；请检查姓名或编号"),
        P::NotInPool(n) => {
            format!("{n} had no posting in this pool that year; check the name or id")
        }
        P::SameName { name, ids } if zh => format!(
            "考核范围内有 {} 位 {name}（干部编号 {}）；请改用“干部编号”列",
            ids.len(),
            join(ids)
        ),
        P::SameName { name, ids } => format!(
            "{} cadres named {name} in the pool (ids {}); use the 干部编号 column",
            ids.len(),
            join(ids)
        ),
        P::Twice { name, first } if zh => format!("{name} 在第 {first} 行已出现；每人只填一行"),
        P::Twice { name, first } => {
            format!("{name} already has a row on line {first}; one row per cadre")
        }
        P::Recalled { name, year } => format!(
            "{name}：{}",
            refusal(&GradeRefusal::Recalled { year: *year }, lang)
        ),
        P::OverQuota {
            in_file,
            kept,
            quota,
            pool,
        } if zh => format!(
            "优秀超出限额：文件评优秀 {in_file} 人，另有已评优秀 {kept} 人，本考核范围 {pool} 人，限额 {quota}；没有写入任何数据"
        ),
        P::OverQuota {
            in_file,
            kept,
            quota,
            pool,
        } => format!(
            "over the excellent quota: {in_file} excellent in the file and {kept} already given, {pool} in the pool, quota {quota}; nothing was written"
        ),
        P::NotAnId(s) if zh => format!("“{s}”不是干部编号（整数）"),
        P::NotAnId(s) => format!("{s:?} is not a cadre id (a whole number)"),
    }
}
