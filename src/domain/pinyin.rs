//! Full pinyin of names, for search and for sorting by name.
//!
//! A name's pinyin is kept in two forms, both computed once when the name is
//! written (the store keeps them in columns, see migration 0005):
//!
//! - the **sort key**: per character its preferred reading with the tone
//!   number, then the character itself (`霞场村` → `xia2霞 chang3场 cun1村`), so
//!   names sort as a pinyin-ordered list does: syllable, tone, then the same
//!   character together. 霞场 and 霞康 sit together, 西 (xi) before 霞 (xia);
//! - the **readings**: every reading of every character, alternatives
//!   separated by `/`, the preferred one first (`都匀市` → `du/dou yun shi`).
//!
//! A query matches readings when, from some syllable on, each typed piece is
//! the start of a reading of the next character: `guitan`, `gui tan`, `gt`,
//! `guit`, `gtan` and `tan` all find 桂滩村. A character with several readings
//! (多音字) whose usual reading in place names is not its most common one
//! (都匀 dū, not dōu) matches by both, so `duyun` and `douyun` find 都匀市,
//! and `changshun` finds 长顺县 as `zhangshun` does; the sort key uses the
//! place-name reading.

/// Readings place names usually have where the most common reading of the
/// character is another one (都匀 dū, 长顺 cháng, 重安 chóng, 厦门 xià).
const PLACE_READINGS: &[(char, &str, &str)] = &[
    ('都', "du", "du1"),
    ('长', "chang", "chang2"),
    ('重', "chong", "chong2"),
    ('厦', "xia", "xia4"),
];

/// The readings of one character without tones, preferred first: the one
/// place names usually have ([`PLACE_READINGS`]), then the character's most
/// common reading. Rarer readings are left out (谷 yù, 台 yí): they would
/// make `dy` find 丹谷村 and 丹台村, which nobody reads so. ASCII letters and
/// digits read as themselves; anything else (punctuation, spaces) has none.
fn readings_of(ch: char) -> Vec<&'static str> {
    use pinyin::ToPinyin;
    let mut out: Vec<&'static str> = Vec::new();
    if let Some((_, r, _)) = PLACE_READINGS.iter().find(|(c, _, _)| *c == ch) {
        out.push(r);
    }
    if let Some(p) = ch.to_pinyin() {
        let plain = p.plain();
        if !out.contains(&plain) {
            out.push(plain);
        }
    }
    out
}

/// Preferred reading of one character with its tone number at the end
/// (`xia2`; 5 for the neutral tone), or `None` for a character without one.
fn toned(ch: char) -> Option<String> {
    use pinyin::ToPinyin;
    if let Some((_, _, t)) = PLACE_READINGS.iter().find(|(c, _, _)| *c == ch) {
        return Some((*t).to_string());
    }
    let mut t = ch.to_pinyin()?.with_tone_num_end().to_string();
    if !t.ends_with(|c: char| c.is_ascii_digit()) {
        t.push('5');
    }
    Some(t)
}

/// Sort key of a name (see the module text): compare keys bytewise.
/// ASCII letters and digits sort as themselves (lower-cased), before
/// Chinese characters of the same letters.
pub fn sort_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 3);
    for ch in name.chars() {
        let reading = match toned(ch) {
            Some(t) => t,
            None if ch.is_ascii_alphanumeric() => ch.to_ascii_lowercase().to_string(),
            None => continue,
        };
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&reading);
        out.push(ch);
    }
    out
}

/// Every reading of each character of a name, in the stored form
/// (`du/dou yun shi`).
pub fn readings(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 3);
    for ch in name.chars() {
        let rs = readings_of(ch);
        let lower;
        let group: Vec<&str> = if rs.is_empty() {
            if !ch.is_ascii_alphanumeric() {
                continue;
            }
            lower = ch.to_ascii_lowercase().to_string();
            vec![lower.as_str()]
        } else {
            rs
        };
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&group.join("/"));
    }
    out
}

/// A typed query in the form [`matches`] takes: lower-case ASCII letters
/// with spaces and apostrophes (`xi'an`) removed; `None` when the query is
/// not pinyin (it has digits, Chinese or other characters, or is empty).
pub fn query(q: &str) -> Option<String> {
    let out: String = q
        .chars()
        .filter(|c| !matches!(c, ' ' | '\'' | '’'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (!out.is_empty() && out.bytes().all(|b| b.is_ascii_lowercase())).then_some(out)
}

/// How a name's stored readings match a query from [`query`]: `None`, or
/// `Some(true)` when the match starts at the name's first character (it
/// ranks first), `Some(false)` when it starts later in the name.
pub fn matches(readings: &str, q: &str) -> Option<bool> {
    const MAX: usize = 48;
    let q = q.as_bytes();
    if q.is_empty() {
        return None;
    }
    let mut groups = [""; MAX];
    let mut n = 0;
    for g in readings.split(' ').filter(|g| !g.is_empty()).take(MAX) {
        groups[n] = g;
        n += 1;
    }
    let groups = &groups[..n];
    // Cheap refusal first: some reading must start with the query's first letter.
    if !groups
        .iter()
        .any(|g| g.split('/').any(|a| a.as_bytes().first() == q.first()))
    {
        return None;
    }
    let mut failed = vec![false; (n + 1) * (q.len() + 1)];
    (0..n)
        .find(|&start| step(groups, q, start, 0, &mut failed))
        .map(|start| start == 0)
}

/// Whether `q[j..]` can be typed from syllable `i` on, each syllable giving a
/// non-empty start of one of its readings (memoised failures in `failed`).
fn step(groups: &[&str], q: &[u8], i: usize, j: usize, failed: &mut [bool]) -> bool {
    if j == q.len() {
        return true;
    }
    let at = i * (q.len() + 1) + j;
    if i == groups.len() || failed[at] {
        return false;
    }
    for alt in groups[i].split('/') {
        let common = alt
            .bytes()
            .zip(&q[j..])
            .take_while(|(a, b)| a == *b)
            .count();
        // The whole typed syllable first: `xian` is 县 before it is 西安.
        for k in (1..=common).rev() {
            if step(groups, q, i + 1, j + k, failed) {
                return true;
            }
        }
    }
    failed[at] = true;
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(name: &str, q: &str) -> Option<bool> {
        matches(&readings(name), &query(q).unwrap_or_default())
    }

    #[test]
    fn keys_and_readings() {
        assert_eq!(sort_key("桂滩村"), "gui4桂 tan1滩 cun1村");
        assert_eq!(sort_key("都匀市"), "du1都 yun2匀 shi4市");
        assert_eq!(sort_key("长顺县"), "chang2长 shun4顺 xian4县");
        assert_eq!(sort_key("A区3组"), "aA qu1区 33 zu3组");
        assert_eq!(readings("都匀"), "du/dou yun");
        assert_eq!(readings("谷"), "gu");
        assert_eq!(readings("长"), "chang/zhang");
        assert_eq!(readings("桂滩·村"), "gui tan cun");
    }

    #[test]
    fn full_spaced_initials_and_mixed() {
        for q in [
            "guitan",
            "gui tan",
            "GuiTan",
            "gt",
            "gtc",
            "guit",
            "gtan",
            "guitc",
            "guitancun",
        ] {
            assert_eq!(finds("桂滩村", q), Some(true), "{q}");
        }
        assert_eq!(finds("桂滩村", "tan"), Some(false));
        assert_eq!(finds("桂滩村", "tc"), Some(false));
        for q in ["guitanx", "gx", "guotan", "uitan", "ui"] {
            assert_eq!(finds("桂滩村", q), None, "{q}");
        }
        // Polyphones match by any reading.
        assert_eq!(finds("都匀市", "duyun"), Some(true));
        assert_eq!(finds("都匀市", "douyun"), Some(true));
        assert_eq!(finds("长顺县", "changshun"), Some(true));
        assert_eq!(finds("长顺县", "zhangshun"), Some(true));
        assert_eq!(finds("西安村", "xi'an"), Some(true));
        assert_eq!(finds("西安村", "xian"), Some(true));
    }

    #[test]
    fn not_pinyin_queries() {
        assert_eq!(query("5227"), None);
        assert_eq!(query("桂滩"), None);
        assert_eq!(query("  "), None);
        assert_eq!(query("gui tan"), Some("guitan".into()));
        assert_eq!(matches("gui tan cun", ""), None);
    }

    #[test]
    fn sort_by_full_pinyin() {
        let mut v = vec!["霞康村", "下坝村", "西安村", "霞场村", "夏家村", "新场村"];
        v.sort_by_key(|n| sort_key(n));
        // xi before xia; 霞 (xiá) before 下 and 夏 (xià); one character's names
        // together, in the order of their next syllable; xin last.
        assert_eq!(
            v,
            ["西安村", "霞场村", "霞康村", "下坝村", "夏家村", "新场村"]
        );
    }
}
