//! The team popup's lines (checklist `t`): the village's 1+2+N on the day,
//! its shortfalls and handover gaps, the postings in post with their
//! tenure and the two-year flag, then the former postings with their end
//! reasons. Pure: postings in, lines out.

use super::theme::{Role, Theme};
use crate::domain::posting::{self, TeamCheck};
use crate::domain::text;
use crate::i18n::Lang;
use crate::i18n::ui::fill;
use crate::store::Posting;
use chrono::NaiveDate;
use ratatui::text::{Line, Span};

/// The lines of the team popup, each at most `width` cells.
pub fn team_lines<'a>(
    lang: Lang,
    th: &Theme,
    today: NaiveDate,
    postings: &[Posting],
    weak_party: bool,
    width: u16,
) -> Vec<Line<'a>> {
    let t = lang.cadres();
    let u = lang.ui();
    let w = width as usize;
    let members: Vec<_> = postings.iter().map(|p| p.member.clone()).collect();
    let check: TeamCheck = posting::team_check(&members, weak_party, today);
    let mut out = Vec::new();
    let line = |s: String, role: Role| Line::styled(text::truncate(&s, w), th.style(role));
    out.push(line(
        fill(
            t.counts,
            &[
                &check.first_secretaries.to_string(),
                &check.residents.to_string(),
                &check.sent_down.to_string(),
            ],
        ),
        Role::Header,
    ));
    if check.complete() {
        out.push(line(t.complete.to_string(), Role::Done));
    } else {
        let flags: Vec<&str> = check
            .shortfalls
            .iter()
            .map(|s| lang.shortfall(*s))
            .collect();
        out.push(line(flags.join(u.list_sep), Role::Alert));
    }
    for g in &check.gaps {
        let role = lang.member_role(g.role);
        let days = g.days().to_string();
        if g.open {
            out.push(line(
                fill(t.gap_open, &[role, &g.from.to_string(), &days]),
                Role::Warn,
            ));
        } else {
            out.push(line(
                fill(
                    t.gap_line,
                    &[role, &g.from.to_string(), &g.to.to_string(), &days],
                ),
                Role::Muted,
            ));
        }
    }
    if postings.is_empty() {
        out.push(line(t.no_postings.to_string(), Role::Muted));
        return out;
    }
    let (now, before): (Vec<&Posting>, Vec<&Posting>) = postings
        .iter()
        .partition(|p| p.member.end.is_none_or(|e| e >= today));
    for (title, list, active) in [(t.in_post, now, true), (t.history, before, false)] {
        if list.is_empty() {
            continue;
        }
        out.push(Line::default());
        out.push(line(format!("{title} ({})", list.len()), Role::Title));
        for p in list {
            out.push(posting_line(lang, th, today, p, active, w));
            let m = &p.member;
            let dates = match m.end {
                Some(e) => format!("{} — {}", m.start, e),
                None => format!("{} —", m.start),
            };
            out.push(line(format!("  {} · {dates}", m.unit), Role::Muted));
        }
    }
    out
}

/// Role, name, tenure and the flag or end reason of one posting.
fn posting_line<'a>(
    lang: Lang,
    th: &Theme,
    today: NaiveDate,
    p: &Posting,
    active: bool,
    w: usize,
) -> Line<'a> {
    let t = lang.cadres();
    let m = &p.member;
    let head = format!(
        "{} {}  {}",
        lang.member_role(m.role),
        m.name,
        fill(t.days, &[&posting::tenure_days(m, today).to_string()])
    );
    let (tail, role) = if active && posting::rotation_due(m, today) {
        (t.due_flag.to_string(), Role::Warn)
    } else if !active {
        (
            p.end_reason
                .map(|r| lang.end_reason(r))
                .unwrap_or(t.no_reason)
                .to_string(),
            Role::Muted,
        )
    } else {
        (String::new(), Role::Normal)
    };
    let base = if active { Role::Normal } else { Role::Muted };
    let head = text::truncate(&head, w.saturating_sub(text::width(&tail) + 2));
    let mut spans = vec![Span::styled(head, th.style(base))];
    if !tail.is_empty() {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(tail, th.style(role)));
    }
    Line::from(spans)
}
