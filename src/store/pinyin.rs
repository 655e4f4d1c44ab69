//! The pinyin functions SQL calls on the program's own connections: the
//! stored forms of a name (migration 0005 fills them in for old rows) and
//! the match used by search. Pure and deterministic (domain::pinyin).

use crate::domain::pinyin;
use rusqlite::Connection;
use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::ValueRef;

fn text<'a>(cx: &'a Context<'_>, i: usize) -> &'a str {
    match cx.get_raw(i) {
        ValueRef::Text(t) => std::str::from_utf8(t).unwrap_or(""),
        _ => "",
    }
}

/// Register `zhucun_pinyin(name)`, `zhucun_pinyin_key(name)` and
/// `zhucun_pinyin_match(pinyin, query)` (0 no match, 1 a match inside the
/// name, 2 a match from its first character; `query` as from
/// [`pinyin::query`]).
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8
        | FunctionFlags::SQLITE_DETERMINISTIC
        | FunctionFlags::SQLITE_INNOCUOUS;
    conn.create_scalar_function("zhucun_pinyin", 1, flags, |cx| {
        Ok(pinyin::readings(text(cx, 0)))
    })?;
    conn.create_scalar_function("zhucun_pinyin_key", 1, flags, |cx| {
        Ok(pinyin::sort_key(text(cx, 0)))
    })?;
    conn.create_scalar_function("zhucun_pinyin_match", 2, flags, |cx| {
        Ok(match pinyin::matches(text(cx, 0), text(cx, 1)) {
            None => 0,
            Some(false) => 1,
            Some(true) => 2,
        })
    })
}
