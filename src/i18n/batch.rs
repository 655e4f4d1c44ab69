//! Words of the batched imports and the WAL checks (issue 15, item 5):
//! `zhucun guard`'s journal line for a stopped reader, `zhucun doctor`'s
//! findings on the WAL and on unfinished imports.

use super::Lang;

/// The guard killed a reader stopped while it held the WAL back.
pub fn reader_killed(lang: Lang, (pid, who, cmd, ms): (i32, &str, &str, u128), db: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "zhucun guard：已终止 {who} 的进程 {pid}（{cmd}）：它在读 {db} 时被停住了 {ms} 毫秒，挡住了检查点，预写日志越来越大（读的进程没有写入，什么也没丢）"
        ),
        Lang::En => format!(
            "zhucun guard: killed process {pid} of {who} ({cmd}): stopped for {ms} ms while reading {db}, holding back checkpoints while the WAL grew (a reader wrote nothing; nothing was lost)"
        ),
    }
}

/// A reader holding the WAL back: "process 123 of wang (stopped)".
pub fn reader(lang: Lang, pid: i32, who: &str, stopped: bool) -> String {
    match (lang, stopped) {
        (Lang::Zh, true) => format!("{who} 的进程 {pid}（已停住）"),
        (Lang::Zh, false) => format!("{who} 的进程 {pid}"),
        (Lang::En, true) => format!("process {pid} of {who} (stopped)"),
        (Lang::En, false) => format!("process {pid} of {who}"),
    }
}

/// The WAL is small enough.
pub fn wal_ok(lang: Lang, mb: &str) -> String {
    match lang {
        Lang::Zh => format!("预写日志（-wal）大小 {mb}"),
        Lang::En => format!("the WAL (-wal) is {mb}"),
    }
}

/// The WAL is large; `readers` hold it back (may be empty).
pub fn wal_large(lang: Lang, mb: &str, limit: &str, readers: &[String]) -> String {
    match (lang, readers.is_empty()) {
        (Lang::Zh, true) => format!(
            "预写日志（-wal）有 {mb}（上限 {limit}），现在没有读的进程挡住检查点；下一次写入后会从头重用"
        ),
        (Lang::Zh, false) => format!(
            "预写日志（-wal）有 {mb}（上限 {limit}），这些读的进程挡住了检查点：{}",
            readers.join("、")
        ),
        (Lang::En, true) => format!(
            "the WAL (-wal) is {mb} (limit {limit}); no reader holds back checkpoints now, it is reused from the start after the next write"
        ),
        (Lang::En, false) => format!(
            "the WAL (-wal) is {mb} (limit {limit}); these readers hold back checkpoints: {}",
            readers.join(", ")
        ),
    }
}

/// How to let a stopped reader go.
pub fn wal_fix(lang: Lang) -> String {
    match lang {
        Lang::Zh => "kill -CONT PID 或 kill PID   # 让它继续或结束；锁守护进程（zhucun guard）会终止停住超过 30 秒的读进程".into(),
        Lang::En => "kill -CONT PID or kill PID   # let it go on or end it; the lock guard (zhucun guard) kills a reader stopped for over 30 s".into(),
    }
}

/// An import still being written, or abandoned and cleaned up now.
pub fn open_batch(lang: Lang, label: &str, who: &str, rows: i64, dead: bool) -> String {
    match (lang, dead) {
        (Lang::Zh, false) => {
            format!("{who} 正在导入 {label}：已写入 {rows} 行，完成前别人都看不到")
        }
        (Lang::Zh, true) => format!(
            "{who} 导入 {label} 没有完成（进程已不在）：已清除它写下的 {rows} 行，别人从未看到过"
        ),
        (Lang::En, false) => format!(
            "{who} is importing {label}: {rows} rows written, invisible to others until it finishes"
        ),
        (Lang::En, true) => format!(
            "{who}'s import of {label} did not finish (its process is gone): the {rows} rows it wrote were removed; nobody ever saw them"
        ),
    }
}
