//! The words of `zhucun upward` (src/cli/upward.rs), Chinese and English.

use super::Lang;
use crate::store::upward::{Applied, Header, UpwardError};
use std::path::Path;

impl Lang {
    pub fn upward_nothing_changed(self) -> &'static str {
        match self {
            Lang::Zh => "自上一批以来报表没有变化：没有写文件。",
            Lang::En => {
                "Nothing changed in the report tables since the last batch: no file written."
            }
        }
    }

    pub fn upward_sent(self, h: &Header, bytes: usize, out: &Path) -> String {
        let kind = match (self, h.baseline) {
            (_, false) => "",
            (Lang::Zh, true) => "全量基线，",
            (Lang::En, true) => "baseline, ",
        };
        match self {
            Lang::Zh => format!(
                "已写出第 {} 批（{}，{kind}{} 项变更，{bytes} 字节）：{}",
                h.seq,
                h.prefecture,
                h.changes,
                out.display()
            ),
            Lang::En => format!(
                "Wrote batch {} ({}, {kind}{} changes, {bytes} bytes): {}",
                h.seq,
                h.prefecture,
                h.changes,
                out.display()
            ),
        }
    }

    pub fn upward_applied(self, a: &Applied) -> String {
        let h = &a.header;
        match self {
            Lang::Zh => format!(
                "已应用 {}（{}）第 {} 批，{} 项变更。",
                a.name, h.prefecture, h.seq, h.changes
            ),
            Lang::En => format!(
                "Applied batch {} of {} ({}), {} changes.",
                h.seq, a.name, h.prefecture, h.changes
            ),
        }
    }

    /// `zhucun pull`: a later file of a prefecture whose earlier file was refused.
    pub fn upward_skipped(self, prefecture: &str) -> String {
        match self {
            Lang::Zh => format!("未应用：{prefecture} 前面的批次被拒收，先解决它；什么也没有写入"),
            Lang::En => format!(
                "not applied: an earlier batch of {prefecture} was refused, resolve that first; nothing was written"
            ),
        }
    }

    /// `zhucun pull`: how many of the files given were refused (the exit is non-zero).
    pub fn upward_refused_count(self, refused: usize, of: usize) -> String {
        match self {
            Lang::Zh => format!("{of} 个文件中有 {refused} 个未应用（原因见上）；其余已应用"),
            Lang::En => format!(
                "{refused} of {of} files not applied (the reasons are above); the others were applied"
            ),
        }
    }

    /// The wrong level or a foreign sender: who sends to whom.
    fn level_error(self, e: &UpwardError) -> String {
        use UpwardError as E;
        match (e, self) {
            (E::NotAPrefecture(c), Lang::Zh) => {
                format!(
                    "本数据库的顶层区划 {c} 不是市州：市州数据库向省报送，接收了市州批次的省数据库向全国报送，全国数据库不再上报"
                )
            }
            (E::NotAPrefecture(c), Lang::En) => format!(
                "this database's top division {c} is not a prefecture: a prefecture's database reports to its province, a province's copy of its prefectures to the nation, and a nation's database reports to nobody"
            ),
            (E::NotAProvince(c), Lang::Zh) => format!(
                "本数据库的顶层区划 {c} 不是省：市州的批次只能应用到省数据库（含省和所辖市州）；什么也没有写入"
            ),
            (E::NotAProvince(c), Lang::En) => format!(
                "this database's top division {c} is not a province: a prefecture's batches are applied to a province database (the province and its prefectures); nothing was written"
            ),
            (E::Foreign { code, province }, Lang::Zh) => {
                format!(
                    "批次来自 {code}，它不是本省 {province} 所辖的市州（省的批次只应用到持有该省、自己不是该省的全国数据库）；什么也没有写入"
                )
            }
            (E::Foreign { code, province }, Lang::En) => format!(
                "the batch comes from {code}, which is not a prefecture of this province {province} (a province's batches are applied only to a nation's database that holds the province and is not that province); nothing was written"
            ),
            _ => String::new(),
        }
    }

    /// What went wrong and what to do.
    pub fn upward_error(self, e: &UpwardError) -> String {
        use UpwardError as E;
        match (e, self) {
            (E::NotAPrefecture(_) | E::NotAProvince(_) | E::Foreign { .. }, _) => {
                self.level_error(e)
            }
            (E::Since { given, last }, Lang::Zh) => {
                format!(
                    "--since {given}：上次发出的是第 {last} 批；不写 --since，或写 --since {last}"
                )
            }
            (E::Since { given, last }, Lang::En) => format!(
                "--since {given}: the last batch sent is {last}; leave --since out, or give --since {last}"
            ),
            (E::OutputExists(p), Lang::Zh) => format!("{p} 已存在，不会覆盖；换一个文件名"),
            (E::OutputExists(p), Lang::En) => {
                format!("{p} already exists and is not overwritten; choose another file name")
            }
            (E::Write { path, detail }, Lang::Zh) => {
                format!("无法写入 {path}：{detail}；什么也没有记为已发出")
            }
            (E::Write { path, detail }, Lang::En) => {
                format!("cannot write {path}: {detail}; nothing was recorded as sent")
            }
            (E::NotABatch, Lang::Zh) => {
                "不是上报批次文件（应由 zhucun push 写出）；什么也没有写入".into()
            }
            (E::NotABatch, Lang::En) => {
                "not a batch file (one written by zhucun push); nothing was written".into()
            }
            (E::Damaged(d), Lang::Zh) => {
                format!("批次文件已损坏或被改动（{d}）；请市州重新发送；什么也没有写入")
            }
            (E::Damaged(d), Lang::En) => format!(
                "the batch file is damaged or was altered ({d}); ask the prefecture to send it again; nothing was written"
            ),
            (E::Schema { found, have }, Lang::Zh) => format!(
                "批次的数据库版本是 {found}，本数据库是 {have}：两边先升级到同一版本的 zhucun；什么也没有写入"
            ),
            (E::Schema { found, have }, Lang::En) => format!(
                "the batch has schema version {found}, this database {have}: bring both sides to the same zhucun version first; nothing was written"
            ),
            (E::Duplicate { code, seq }, Lang::Zh) => {
                format!("{code} 的第 {seq} 批已经应用过（重复的批次）；什么也没有写入")
            }
            (E::Duplicate { code, seq }, Lang::En) => {
                format!(
                    "batch {seq} of {code} was already applied (a duplicate); nothing was written"
                )
            }
            (
                E::OutOfOrder {
                    code,
                    seq,
                    expected,
                },
                Lang::Zh,
            ) => format!(
                "{code} 的第 {seq} 批顺序不对：下一批应是第 {expected} 批；先应用缺少的批次；什么也没有写入"
            ),
            (
                E::OutOfOrder {
                    code,
                    seq,
                    expected,
                },
                Lang::En,
            ) => format!(
                "batch {seq} of {code} is out of order: the next is batch {expected}; apply the missing batches first; nothing was written"
            ),
            (E::OutsideRow { code, table, row }, Lang::Zh) => {
                format!("批次改动了 {table} 中不属于 {code} 的行 {row}；什么也没有写入")
            }
            (E::OutsideRow { code, table, row }, Lang::En) => format!(
                "the batch changes row {row} of {table}, which is outside {code}; nothing was written"
            ),
            (E::Conflicts(list), Lang::Zh) => format!(
                "与省里的数据冲突，未覆盖任何数据，什么也没有写入（两边的副本已不一致，请市州用 zhucun push --baseline 发送全量基线）：{}",
                list.join("；")
            ),
            (E::Conflicts(list), Lang::En) => format!(
                "conflicts with the province's rows; nothing was overwritten and nothing was written (the copies diverged; ask the prefecture for a baseline, zhucun push --baseline): {}",
                list.join("; ")
            ),
            (E::Store(s), _) => s.to_string(),
        }
    }
}
