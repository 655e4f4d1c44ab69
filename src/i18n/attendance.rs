//! The words of the attendance grid (考勤): its screen, its messages, the
//! month close and the 考勤月表 export, in Chinese and English.

use super::Lang;
use crate::store::AttendanceProblem;

/// What is wrong with an attendance input.
pub fn problem(p: &AttendanceProblem, lang: Lang) -> String {
    use AttendanceProblem as P;
    let zh = lang == Lang::Zh;
    match p {
        P::NotAMonth(s) if zh => format!("“{s}”不是月份；请写成 YYYY-MM，例如 2026-03"),
        P::NotAMonth(s) => format!("{s:?} is not a month; write it as YYYY-MM, e.g. 2026-03"),
        P::ScopeLevel(c) if zh => {
            format!("{c} 不是乡镇或村代码；考勤按乡镇（9位）或村（12位）查看和月结")
        }
        P::ScopeLevel(c) => format!(
            "{c} is not a township or village code; attendance is read and closed per township (9 digits) or village (12 digits)"
        ),
        P::MonthNotOver { month, last } if zh => {
            format!("{month} 还没有过完（最后一天是 {last}）；月结要等到下个月")
        }
        P::MonthNotOver { month, last } => {
            format!("{month} is not over yet (its last day is {last}); close it next month")
        }
        P::Unfilled {
            village,
            name,
            days,
        } if zh => format!(
            "{village} 的 {name} 还有 {days} 天没有填考勤；填完并保存后再月结，什么也没有改动"
        ),
        P::Unfilled {
            village,
            name,
            days,
        } => format!(
            "{name} of {village} has {days} days without a code; fill and save the grid, then close the month. Nothing was changed"
        ),
    }
}
