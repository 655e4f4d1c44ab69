//! Import problems in each language: a [`ProblemText`] is a kind plus its
//! values; a [`Problem`] keeps its machine-readable shape
//! (`FILE:LINE: 列 职务: ...`) in every language.

use super::Lang;
use super::errors::{detail, q};
use crate::transfer::{Problem, ProblemText, Problems};

impl Problem {
    /// `FILE:LINE: 列 职务: message` (the machine-readable shape of every
    /// language; the column word and the message are translated).
    pub fn line(&self, lang: Lang) -> String {
        let message = self.message.text(lang);
        let column = match lang {
            Lang::Zh => "列",
            Lang::En => "column",
        };
        match (self.line, &self.column) {
            (0, _) => format!("{}: {message}", self.file),
            (l, None) => format!("{}:{l}: {message}", self.file),
            (l, Some(c)) => format!("{}:{l}: {column} {c}: {message}", self.file),
        }
    }
}

impl Problems {
    /// The lines to show: up to [`crate::transfer::MAX_PROBLEMS`], then "and N more".
    pub fn lines_in(&self, lang: Lang) -> Vec<String> {
        let max = crate::transfer::MAX_PROBLEMS;
        let mut v: Vec<String> = self.0.iter().take(max).map(|p| p.line(lang)).collect();
        if self.0.len() > max {
            let more = self.0.len() - max;
            v.push(match lang {
                Lang::Zh => format!("……另有 {more} 个问题"),
                Lang::En => format!("... and {more} more problems"),
            });
        }
        v
    }
}

/// `乡镇代码, 村代码, 名称, 类型 (optional)` in `lang`.
fn expected(cols: &[(&'static str, bool)], lang: Lang) -> String {
    let (opt, sep) = match lang {
        Lang::Zh => ("（可选）", "、"),
        Lang::En => (" (optional)", ", "),
    };
    cols.iter()
        .map(|(zh, req)| {
            if *req {
                zh.to_string()
            } else {
                format!("{zh}{opt}")
            }
        })
        .collect::<Vec<_>>()
        .join(sep)
}

impl ProblemText {
    /// This problem in `lang`; English is also its `Display`.
    #[allow(clippy::too_many_lines)] // a table of words: one arm per kind and language
    pub fn text(&self, lang: Lang) -> String {
        use ProblemText as P;
        let zh = lang == Lang::Zh;
        match self {
            P::Text(s) => s.clone(),
            P::Assess(a) => super::assessment::problem(a, lang),
            P::Field(e) => e.message(lang),
            P::Empty if zh => "为空；必须填写".into(),
            P::Empty => "empty; a value is required".into(),
            P::TooLong { n, max } if zh => format!("{n} 个字，上限是 {max}"),
            P::TooLong { n, max } => format!("{n} characters; the limit is {max}"),
            P::UnknownColumn { name, expected: e } if zh => {
                format!("未知的列 {}；应为 {}", q(name), expected(e, lang))
            }
            P::UnknownColumn { name, expected: e } => {
                format!("unknown column {name:?}; expected {}", expected(e, lang))
            }
            P::NoColumn {
                zh: z,
                key,
                expected: e,
            } if zh => format!("表头里没有 {z} 列（{key}）；应为 {}", expected(e, lang)),
            P::NoColumn {
                zh: z,
                key,
                expected: e,
            } => format!(
                "the header has no {z} column ({key}); expected {}",
                expected(e, lang)
            ),
            P::ColumnTwice {
                zh: z,
                first,
                second,
            } if zh => format!("{z} 列出现了两次（{first} 和 {second}）"),
            P::ColumnTwice {
                zh: z,
                first,
                second,
            } => format!("column {z} appears twice (as {first} and {second})"),
            P::EmptyFile { expected: e } if zh => {
                format!("文件是空的；应有表头行：{}", expected(e, lang))
            }
            P::EmptyFile { expected: e } => format!(
                "the file is empty; expected a header row with {}",
                expected(e, lang)
            ),
            P::NoRows if zh => "文件有表头但没有数据行".into(),
            P::NoRows => "the file has a header but no rows".into(),
            P::EndReasonWithoutEnd if zh => {
                "有结束原因就要有结束日期（结束日期）；干部仍在岗时请留空".into()
            }
            P::EndReasonWithoutEnd => {
                "an end reason needs an end date (结束日期); leave it empty while the cadre is in post"
                    .into()
            }
            P::FieldCount { n, width } if zh => {
                format!("这一行有 {n} 个字段，表头有 {width} 个；值里有逗号时要给整个值加引号")
            }
            P::FieldCount { n, width } => format!(
                "this row has {n} fields but the header has {width}; a comma inside a value needs the value in quotes"
            ),
            P::IsVillageCode(d) if zh => {
                format!("{d} 是村（社区）代码（12 位）；村请用 `zhucun import villages` 导入")
            }
            P::IsVillageCode(d) => format!(
                "{d} is a village or community code (12 digits); import villages with `zhucun import villages`"
            ),
            P::CodeTwice { code, first } if zh => {
                format!("代码 {code} 在文件里出现了两次（第一次在第 {first} 行）")
            }
            P::CodeTwice { code, first } => {
                format!("code {code} appears twice in the file (first on line {first})")
            }
            P::ParentMissing { parent, code } if zh => {
                format!("{code} 的上级 {parent} 既不在数据库里也不在这个文件里；请加一行 {parent}")
            }
            P::ParentMissing { parent, code } => format!(
                "the parent {parent} of {code} is neither in the database nor in this file; add a row for {parent}"
            ),
            P::Abolished(d) if zh => format!("代码 {d} 已撤销；撤销的代码保留，不再使用"),
            P::Abolished(d) => {
                format!("code {d} was abolished; abolished codes are kept and not reused")
            }
            P::NotTownshipCode(t) if zh => format!("{t} 不是乡镇代码（9 位）"),
            P::NotTownshipCode(t) => format!("{t} is not a township code (9 digits)"),
            P::UnknownTownship(t) if zh => format!("乡镇代码 {t} 不存在；数据库里没有这个乡镇"),
            P::UnknownTownship(t) => {
                format!("unknown township code {t}; no such township in the database")
            }
            P::NotVillageCode(v) if zh => format!("{v} 不是村（社区）代码（12 位）"),
            P::NotVillageCode(v) => format!("{v} is not a village or community code (12 digits)"),
            P::OutsideTownship { village, township } if zh => {
                format!("村代码 {village} 不在所属乡镇的范围内（{township}001-{township}999）")
            }
            P::OutsideTownship { village, township } => format!(
                "village code {village} is outside its township's range ({township}001-{township}999)"
            ),
            P::UnknownVillage(v) if zh => {
                format!("数据库里没有代码为 {v} 的村（社区）；请先导入这个村")
            }
            P::UnknownVillage(v) => format!(
                "no village or community with code {v} in the database; import the village first"
            ),
            P::EndBeforeStart { end, start } if zh => {
                format!("结束日期 {end} 早于开始日期 {start}")
            }
            P::EndBeforeStart { end, start } => {
                format!("the end date {end} is before the start date {start}")
            }
            P::Refused(d) => detail(d, lang),
            P::Attendance(p) => crate::i18n::leave::attendance_problem(p, lang),
            P::Training(t) => super::training::sheet_problem(t, lang),
            P::Lists(l) => super::units::list_problem(l, lang),
            // The rest, in a second table (each arm there; a kind missing
            // from both shows as its name and values).
            other => file_text(other, lang).unwrap_or_else(|| format!("{other:?}")),
        }
    }
}

/// The problems of a file as a whole and of its rows taken together.
#[allow(clippy::too_many_lines)] // a table of words: one arm per kind and language
fn file_text(p: &ProblemText, lang: Lang) -> Option<String> {
    use ProblemText as P;
    let zh = lang == Lang::Zh;
    Some(match p {
            P::QuoteNotClosed(n) if zh => format!(
                "第 {n} 个字段的引号从这里开始却没有结束，文件其余部分都会被读成一个字段；请补上结束的 \""
            ),
            P::QuoteNotClosed(n) => format!(
                "a quote opens field {n} here and is never closed, so the rest of the file would be read as one field; add the closing \""
            ),
            P::TextAfterQuote(n) if zh => format!(
                "第 {n} 个字段的结束引号后面还有文字；请给整个字段加引号，字段里的 \" 写两遍"
            ),
            P::TextAfterQuote(n) => format!(
                "text after the closing quote of field {n}; quote the whole field and double any \" inside it"
            ),
            P::FieldTooBig { field, bytes, kib } if zh => format!(
                "第 {field} 个字段长 {bytes} 字节；字段不能超过 {kib} KiB（是不是少了引号？）"
            ),
            P::FieldTooBig { field, bytes, kib } => format!(
                "field {field} is {bytes} bytes long; no field may be over {kib} KiB (is a quote missing?)"
            ),
            P::NoWorksheet if zh => "工作簿里没有工作表".into(),
            P::NoWorksheet => "the workbook has no worksheet".into(),
            P::SheetUnreadable { sheet, error } if zh => {
                format!("无法读取工作表 {}：{error}", q(sheet))
            }
            P::SheetUnreadable { sheet, error } => format!("cannot read its sheet {sheet:?}: {error}"),
            P::BadWorkbook(e) if zh => format!(
                "不是可读的 .xlsx 工作簿（{e}）；请用 Excel 重新另存为 .xlsx 或 CSV"
            ),
            P::BadWorkbook(e) => format!(
                "not a readable .xlsx workbook ({e}); save it again from Excel as .xlsx or CSV"
            ),
            P::Utf16NoBom if zh => {
                "文件像是没有字节顺序标记（BOM）的 UTF-16；请加 --encoding utf-16le（或 utf-16be）".into()
            }
            P::Utf16NoBom => "the file looks like UTF-16 without a byte-order mark; pass --encoding utf-16le (or utf-16be)".into(),
            P::NotUtf8OrGbk if zh => "这一行既不是 UTF-8 也不是 GBK/GB18030；请把文件另存为 UTF-8 CSV，或用 --encoding 指定编码".into(),
            P::NotUtf8OrGbk => "this line is neither UTF-8 nor GBK/GB18030; save the file as UTF-8 CSV, or name its encoding with --encoding".into(),
            P::NotValidIn(enc) if zh => format!(
                "这一行不是有效的 {enc}；请把文件另存为 UTF-8 CSV，或用 --encoding 指定编码"
            ),
            P::NotValidIn(enc) => format!(
                "this line is not valid {enc}; save the file as UTF-8 CSV, or name its encoding with --encoding"
            ),
            P::OddBytes(enc) if zh => {
                format!("文件的字节数是奇数，所以不是 {enc}；请检查 --encoding")
            }
            P::OddBytes(enc) => format!(
                "the file has an odd number of bytes, so it is not {enc}; check --encoding"
            ),
            P::TooManyBytes { len, max, rows } if zh => format!(
                "{}；管理员以下的角色一次最多导入 {}（{rows} 行）：请拆分文件，或请管理员导入",
                lang.megabytes(*len),
                lang.megabytes(*max)
            ),
            P::TooManyBytes { len, max, rows } => format!(
                "{len} bytes; an import by a role below administrator holds at most {max} bytes ({rows} rows): split the file, or ask an administrator"
            ),
            P::TooManyRows { rows, max } if zh => format!(
                "{rows} 行；管理员以下的角色一次最多导入 {max} 行：请拆分文件，或请管理员导入"
            ),
            P::TooManyRows { rows, max } => format!(
                "{rows} rows; an import by a role below administrator holds at most {max} rows: split the file, or ask an administrator"
            ),
            P::NameTwice {
                name,
                township,
                first,
                other,
            } if zh => format!(
                "{name} 在乡镇 {township} 里出现了两次（第 {first} 行，代码 {other}）"
            ),
            P::NameTwice {
                name,
                township,
                first,
                other,
            } => format!("{name} appears twice in township {township} (line {first}, code {other})"),
            P::AbolishedVillage(v) if zh => {
                format!("村代码 {v} 已撤销；撤销的代码保留，不再使用")
            }
            P::AbolishedVillage(v) => format!(
                "village code {v} was abolished; abolished codes are kept and not reused"
            ),
            P::VillageCodeTwice { code, first } if zh => {
                format!("村代码 {code} 在文件里出现了两次（第一次在第 {first} 行）")
            }
            P::VillageCodeTwice { code, first } => format!(
                "village code {code} appears twice in the file (first on line {first})"
            ),
            P::NotAVillage(v) if zh => format!("代码 {v} 属于一个不是村的区划"),
            P::NotAVillage(v) => format!("code {v} belongs to a division that is not a village"),
            P::NameTaken {
                township,
                name,
                other,
            } if zh => format!("数据库里乡镇 {township} 已有名为 {name} 的村（代码 {other}）"),
            P::NameTaken {
                township,
                name,
                other,
            } => format!(
                "township {township} already has a village named {name} in the database (code {other})"
            ),
            P::UnknownCadre { name, unit } if zh => format!(
                "没有 {unit} 的 {name} 的选派记录；请先导入工作队（zhucun import teams），再导入干部信息"
            ),
            P::UnknownCadre { name, unit } => format!(
                "no posting of {name} from {unit}; import the teams first (zhucun import teams), then the cadres"
            ),
            P::CadreTwice { name, unit, first } if zh => {
                format!("{unit} 的 {name} 出现了两次（第一次在第 {first} 行）")
            }
            P::CadreTwice { name, unit, first } => {
                format!("{name} of {unit} appears twice (first on line {first})")
            }
            P::MemberTwice {
                name,
                start,
                village,
                first,
            } if zh => format!(
                "{name}（自 {start} 起）在村 {village} 出现了两次（第一次在第 {first} 行）"
            ),
            P::MemberTwice {
                name,
                start,
                village,
                first,
            } => format!(
                "{name} (from {start}) appears twice for village {village} (first on line {first})"
            ),
            P::TwoSecretaries {
                village,
                name,
                start,
                other,
                other_start,
                other_line,
            } => {
                let place = match (lang, other_line) {
                    (Lang::Zh, 0) => "在数据库中".to_string(),
                    (Lang::Zh, l) => format!("第 {l} 行"),
                    (Lang::En, 0) => "in the database".to_string(),
                    (Lang::En, l) => format!("line {l}"),
                };
                if zh {
                    format!(
                        "村 {village} 会同时有两位在岗的第一书记：{name}（自 {start} 起）和 {other}（自 {other_start} 起，{place}）"
                    )
                } else {
                    format!(
                        "village {village} would have two first secretaries in post at once: {name} (from {start}) and {other} (from {other_start}, {place})"
                    )
                }
            }
            P::GuidanceYear(p) if zh => format!(
                "{p} 是年份；指导要点按季度（2026Q4）或按月（2026-11）下发"
            ),
            P::GuidanceYear(p) => format!(
                "{p} is a year; guidance is issued per quarter (2026Q4) or per month (2026-11)"
            ),
            P::UnknownScope(s) if zh => format!("数据库里没有代码为 {s} 的行政区划"),
            P::UnknownScope(s) => format!("no division with code {s} in the database"),
            P::TitleTwice {
                title,
                period,
                scope,
                first,
            } if zh => format!(
                "{} 在 {period} 和 {scope} 下出现了两次（第一次在第 {first} 行）",
                q(title)
            ),
            P::TitleTwice {
                title,
                period,
                scope,
                first,
            } => format!(
                "{title:?} for {period} and {scope} appears twice in the file (first on line {first})"
            ),
            _ => return None,
    })
}
