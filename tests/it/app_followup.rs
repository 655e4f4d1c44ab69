//! The follow-up screens driven without a terminal (issue 10 items 9-11):
//! 逾期清单 (`O`), 未报送 (`u`) and a guidance item's 落实情况 (`v`), each
//! jumping to a village's checklist, and each kept to the user's scope.

use crate::common::{stdout, zhucun};
use crate::ui_support::*;
use zhucun::app::{App, Screen};
use zhucun::domain::{DisplayStatus, Period, PeriodKind};
use zhucun::i18n::Lang;

/// 广惠街道's village list (the first township of 都匀市).
fn township_list(a: &mut App) {
    keys(a, "<Enter><Enter>");
    assert_eq!(a.screen, Screen::Villages);
}

#[test]
fn overdue_list_lands_on_the_period_of_the_item() {
    let mut a = app(Lang::Zh);
    township_list(&mut a);
    // A village the list says has overdue items.
    let v = a.villages.as_ref().unwrap();
    let i = v
        .rows()
        .position(|r| r.overdue > 0)
        .expect("a village with overdue items");
    let want = v.rows().nth(i).unwrap().overdue as usize;
    let code = v.rows().nth(i).unwrap().village.code.clone();
    a.villages.as_mut().unwrap().sel.index = i;
    keys(&mut a, "<Enter>");
    assert_eq!(a.screen, Screen::Checklist);
    // The current month's checklist shows none of them ...
    let c = a.checklist.as_ref().unwrap();
    assert!(c.rows.iter().all(|r| r.display != DisplayStatus::Overdue));
    // ... the village's overdue list shows every one, oldest first.
    keys(&mut a, "O");
    assert_eq!(a.screen, Screen::Overdue);
    let o = a.overdue.as_ref().unwrap();
    assert_eq!(o.scope().code, code);
    assert_eq!(
        o.items.len(),
        want,
        "the list counts what the village list says"
    );
    assert!(o.items.windows(2).all(|w| w[0].due <= w[1].due));
    assert!(o.items.iter().all(|x| x.days > 0 && x.village == code));
    // Enter on the oldest lands on its period, with its task selected and
    // shown overdue.
    let first = o.items[0].clone();
    keys(&mut a, "<Enter>");
    assert_eq!(a.screen, Screen::Checklist);
    let c = a.checklist.as_ref().unwrap();
    assert_eq!(c.village.code, code);
    assert_eq!(
        c.month,
        Period::containing(PeriodKind::Month, first.period.due_date())
    );
    let row = c.selected().unwrap();
    assert_eq!(row.task.number, first.task);
    assert_eq!(row.period, first.period);
    assert_eq!(row.display, DisplayStatus::Overdue);
    // Back returns to the list, where it was.
    keys(&mut a, "<Esc>");
    assert_eq!(a.screen, Screen::Overdue);
    // Down then Enter: the second item, wherever its period is.
    keys(&mut a, "j<Enter>");
    let second = a.overdue.as_ref().unwrap().items[1].clone();
    let row = a.checklist.as_ref().unwrap().selected().unwrap().clone();
    assert_eq!((row.task.number, row.period), (second.task, second.period));
}

#[test]
fn overdue_list_of_a_township_and_its_years() {
    let mut a = app(Lang::En);
    township_list(&mut a);
    keys(&mut a, "O");
    assert_eq!(a.screen, Screen::Overdue);
    let o = a.overdue.as_ref().unwrap();
    assert_eq!(o.period, Period::Year { year: 2026 });
    let town = a.villages.as_ref().unwrap().scope().code.clone();
    let total: u32 = a.villages.as_ref().unwrap().rows().map(|r| r.overdue).sum();
    assert_eq!(o.items.len() as u32, total);
    assert!(o.items.iter().all(|x| x.village.is_within(&town)));
    assert!(o.items.windows(2).all(|w| w[0].due <= w[1].due));
    // No future year; the year before the tracking start is refused too.
    keys(&mut a, "]");
    assert_eq!(
        a.overdue.as_ref().unwrap().period,
        Period::Year { year: 2026 }
    );
    assert!(a.message.is_some(), "a refusal is said");
    keys(&mut a, "<Esc>");
    assert_eq!(a.screen, Screen::Villages);
}

/// `zhucun report --overdue` and the screen list the same items.
#[test]
fn overdue_screen_and_report_share_one_definition() {
    let mut a = app(Lang::Zh);
    township_list(&mut a);
    keys(&mut a, "O");
    let o = a.overdue.as_ref().unwrap();
    let out = zhucun(
        demo_db(),
        &[
            "report",
            "--overdue",
            "--scope",
            o.scope().code.as_str(),
            "--period",
            "2026",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let cli: Vec<(String, u64, String)> = v["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["village"].as_str().unwrap().to_string(),
                i["task"].as_u64().unwrap(),
                i["period"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let tui: Vec<(String, u64, String)> = o
        .items
        .iter()
        .map(|i| (i.village.to_string(), i.task as u64, i.period.to_string()))
        .collect();
    assert_eq!(cli, tui);
}

#[test]
fn unreported_lists_open_items_and_last_records() {
    let mut a = app(Lang::Zh);
    township_list(&mut a);
    let month: Vec<(String, u32)> = a
        .villages
        .as_ref()
        .unwrap()
        .rows()
        .map(|r| {
            let p = r.month;
            (r.village.code.to_string(), p.expected - p.done - p.na)
        })
        .collect();
    keys(&mut a, "u");
    assert_eq!(a.screen, Screen::Unreported);
    let u = a.unreported.as_ref().unwrap();
    assert_eq!(
        u.period,
        Period::Month {
            year: 2026,
            month: 11
        }
    );
    // In code order, each village's open items as the village list counts.
    let got: Vec<(String, u32)> = u
        .shown_rows()
        .map(|r| (r.village.code.to_string(), r.open))
        .collect();
    assert_eq!(got, month);
    // The last record is the newest recorded_at of the village, shown in
    // the installation's zone.
    let store = store_as(demo_db(), ADMIN);
    for r in u.shown_rows() {
        let newest: Option<String> = store
            .conn()
            .query_row(
                "SELECT recorded_at FROM completion WHERE village = ?1
                 ORDER BY julianday(recorded_at) DESC LIMIT 1",
                [r.village.code.as_str()],
                |row| row.get(0),
            )
            .ok();
        assert_eq!(
            r.last,
            newest.map(|s| store.show_time(&s)),
            "{}",
            r.village.name
        );
    }
    // s: most open items first, never a ranking of people (villages only).
    keys(&mut a, "s");
    let u = a.unreported.as_ref().unwrap();
    assert!(u.by_open);
    let open: Vec<u32> = u.shown_rows().map(|r| r.open).collect();
    assert!(open.windows(2).all(|w| w[0] >= w[1]), "{open:?}");
    // Enter: that village's checklist, this month.
    let top = u.selected().unwrap().village.code.clone();
    keys(&mut a, "<Enter>");
    assert_eq!(a.screen, Screen::Checklist);
    let c = a.checklist.as_ref().unwrap();
    assert_eq!(c.village.code, top);
    assert_eq!(
        c.month,
        Period::Month {
            year: 2026,
            month: 11
        }
    );
    keys(&mut a, "<Esc>");
    assert_eq!(a.screen, Screen::Unreported);
    // [ : October, whose checklist Enter opens at October.
    keys(&mut a, "[");
    let u = a.unreported.as_ref().unwrap();
    assert_eq!(
        u.period,
        Period::Month {
            year: 2026,
            month: 10
        }
    );
    keys(&mut a, "<Enter>");
    assert_eq!(
        a.checklist.as_ref().unwrap().month,
        Period::Month {
            year: 2026,
            month: 10
        }
    );
    keys(&mut a, "<Esc>]]");
    // Not into the future.
    assert_eq!(
        a.unreported.as_ref().unwrap().period,
        Period::Month {
            year: 2026,
            month: 11
        }
    );
    // m: the quarter (its monthly and quarterly items).
    keys(&mut a, "m");
    let u = a.unreported.as_ref().unwrap();
    assert_eq!(
        u.period,
        Period::Quarter {
            year: 2026,
            quarter: 4
        }
    );
    let q: Vec<u32> = a
        .villages
        .as_ref()
        .unwrap()
        .rows()
        .map(|r| r.quarter.expected - r.quarter.done - r.quarter.na)
        .collect();
    let mut got: Vec<(String, u32)> = u
        .shown_rows()
        .map(|r| (r.village.code.to_string(), r.open))
        .collect();
    got.sort();
    assert_eq!(got.into_iter().map(|x| x.1).collect::<Vec<_>>(), q);
}

#[test]
fn unreported_reloads_after_a_write() {
    let (_d, db) = copy_db();
    let mut a = app_with(&db, ADMIN, opts(Lang::Zh));
    township_list(&mut a);
    keys(&mut a, "u");
    let before = a.unreported.as_ref().unwrap().rows[0].clone();
    assert!(
        before.open > 0,
        "the first village has open items this month"
    );
    // Mark its first open task done, then come back.
    keys(&mut a, "<Enter>");
    let c = a.checklist.as_ref().unwrap();
    let i = c
        .rows
        .iter()
        .position(|r| {
            r.period
                == Period::Month {
                    year: 2026,
                    month: 11,
                }
                && !matches!(r.display, DisplayStatus::Done | DisplayStatus::Na)
        })
        .expect("an open monthly task");
    a.checklist.as_mut().unwrap().sel.index = i;
    keys(&mut a, "x<Esc>");
    assert_eq!(a.screen, Screen::Unreported);
    let after = &a.unreported.as_ref().unwrap().rows[0];
    assert_eq!(after.open, before.open - 1);
    assert!(after.last.is_some());
}

#[test]
fn guidance_figure_opens_the_villages_behind_it() {
    let mut a = app(Lang::Zh);
    keys(&mut a, "p");
    assert_eq!(a.screen, Screen::Guidance);
    let g = &a.guidance;
    let i = g
        .items
        .iter()
        .position(|x| !x.tasks.is_empty())
        .expect("an item with tasks");
    let (done, total) = g.completion[i];
    let id = g.items[i].id;
    a.guidance.sel.index = i;
    keys(&mut a, "v");
    assert_eq!(a.screen, Screen::Follow);
    let f = a.follow.as_ref().unwrap();
    assert_eq!(f.guidance.id, id);
    // The same figure as the guidance screen shows.
    assert_eq!(f.counts(), (done, total));
    assert_eq!(f.rows.len() as u32, total);
    // Not completed first, then completed.
    let firsts: Vec<bool> = f.rows.iter().map(|r| r.completed).collect();
    assert!(firsts.windows(2).all(|w| !w[0] || w[1]));
    // Each names the tasks still open: with those, the count adds up.
    let n = f.items.len() as u32;
    assert!(f.rows.iter().all(|r| r.done + r.missing.len() as u32 == n));
    assert!(f.rows.iter().all(|r| r.completed == r.missing.is_empty()));
    // f: not completed only, then completed only, then all.
    keys(&mut a, "f");
    let f = a.follow.as_ref().unwrap();
    assert_eq!(f.shown.len() as u32, total - done);
    assert!(f.shown_rows().all(|r| !r.completed));
    keys(&mut a, "f");
    let f = a.follow.as_ref().unwrap();
    assert_eq!(f.shown.len() as u32, done);
    assert!(f.shown_rows().all(|r| r.completed));
    keys(&mut a, "ff");
    // Enter: the village's checklist at the month counted, the item's
    // first task selected.
    keys(&mut a, "j");
    let f = a.follow.as_ref().unwrap();
    let (village, day, task) = (
        f.selected().unwrap().village.code.clone(),
        f.day,
        f.guidance.tasks[0],
    );
    keys(&mut a, "<Enter>");
    assert_eq!(a.screen, Screen::Checklist);
    let c = a.checklist.as_ref().unwrap();
    assert_eq!(c.village.code, village);
    assert_eq!(c.month, Period::containing(PeriodKind::Month, day));
    assert_eq!(c.selected().unwrap().task.number, task);
    keys(&mut a, "<Esc>");
    assert_eq!(a.screen, Screen::Follow);
    keys(&mut a, "<Esc>");
    assert_eq!(a.screen, Screen::Guidance);
}

/// A township's liaison sees only the township's villages in all three.
#[test]
fn a_township_sees_only_its_villages() {
    let mut a = app_with(demo_db(), LIAISON, opts(Lang::Zh));
    let town = code("522701001");
    assert_eq!(a.me.scope.code, town);
    keys(&mut a, "O");
    assert_eq!(a.screen, Screen::Overdue);
    let o = a.overdue.as_ref().unwrap();
    assert!(!o.items.is_empty());
    assert!(o.items.iter().all(|x| x.village.is_within(&town)));
    keys(&mut a, "<Esc>u");
    assert_eq!(a.screen, Screen::Unreported);
    let u = a.unreported.as_ref().unwrap();
    assert_eq!(u.rows.len(), 13);
    assert!(u.rows.iter().all(|r| r.village.code.is_within(&town)));
    keys(&mut a, "<Esc>pv");
    assert_eq!(a.screen, Screen::Follow);
    let f = a.follow.as_ref().unwrap();
    assert_eq!(f.rows.len(), 13);
    assert!(f.rows.iter().all(|r| r.village.code.is_within(&town)));
    // (The store's refusal of the neighbouring township writes an audit
    // row, so it is tested on a copy: refused_follow_up_reads_...)
}

/// A refused read of another township's lists is audited, under that
/// township's code (so its own coordinators see it in their audit list).
#[test]
fn refused_follow_up_reads_are_audited_under_the_division() {
    let (_d, db) = copy_db();
    let s = store_as(&db, LIAISON);
    let other = code("522701002");
    let e = s
        .reporting_rows(
            &other,
            Period::Month {
                year: 2026,
                month: 11,
            },
        )
        .unwrap_err();
    assert!(
        matches!(e, zhucun::store::StoreError::Denied { .. }),
        "{e:?}"
    );
    assert!(
        s.overdue_items(&other, Period::Year { year: 2026 })
            .is_err()
    );
    assert!(s.completing_by_village(&other, &[]).is_err());
    let refused: Vec<String> = {
        let mut st = s
            .conn()
            .prepare(
                "SELECT record FROM audit WHERE account = ?1 AND outcome = 'refused' ORDER BY seq",
            )
            .unwrap();
        st.query_map([LIAISON], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        refused,
        [
            "reporting/522701002/2026-11",
            "items/522701002/2026",
            "completing/522701002"
        ]
    );
    for r in &refused {
        assert_eq!(zhucun::store::record_code(r), Some(other.clone()), "{r}");
    }
}

/// The keys that open the three screens are in the help and the footer.
#[test]
fn keys_are_in_help_and_footer() {
    let mut a = app(Lang::Zh);
    let footer = render(&a, 140, 40);
    let footer = footer.lines().last().unwrap();
    for want in ["O 逾期清单", "u 未报送"] {
        assert!(footer.contains(want), "footer {footer:?} lacks {want}");
    }
    keys(&mut a, "p");
    let screen = render(&a, 140, 40);
    assert!(screen.lines().last().unwrap().contains("v 落实情况"));
    keys(&mut a, "?");
    let help = render(&a, 120, 200);
    for want in ["逾期清单", "未报送", "落实情况", "显示全部/未完成/已完成"] {
        assert!(help.contains(want), "help lacks {want}");
    }
}

/// The last record is the newest instant, whatever offset each stamp was
/// stored with (text order would pick the +08:00 one).
#[test]
fn last_record_is_the_newest_instant_across_offsets() {
    let (_d, db) = copy_db();
    let s = store_as(&db, ADMIN);
    let v = "522701001201";
    let keys: Vec<(u32, String)> = {
        let mut st = s
            .conn()
            .prepare("SELECT task, period FROM completion WHERE village = ?1 ORDER BY task, period LIMIT 2")
            .unwrap();
        st.query_map([v], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(keys.len(), 2);
    let set = |at: &str, key: Option<&(u32, String)>| {
        let c = s.conn();
        match key {
            None => c
                .execute(
                    "UPDATE completion SET recorded_at = ?1 WHERE village = ?2",
                    (at, v),
                )
                .unwrap(),
            Some((t, p)) => c
                .execute(
                    "UPDATE completion SET recorded_at = ?1 WHERE village = ?2 AND task = ?3 AND period = ?4",
                    (at, v, t, p),
                )
                .unwrap(),
        };
    };
    set("2026-11-01T09:00:00+08:00", None);
    // 02:00 UTC, and 03:00 UTC (later, though its text sorts first).
    set("2026-11-27T10:00:00+08:00", Some(&keys[0]));
    set("2026-11-27T03:00:00+00:00", Some(&keys[1]));
    let rows = s
        .reporting_rows(
            &code("522701001"),
            Period::Month {
                year: 2026,
                month: 11,
            },
        )
        .unwrap();
    let r = rows.iter().find(|r| r.village.code.as_str() == v).unwrap();
    assert_eq!(
        r.last_recorded.as_deref(),
        Some("2026-11-27T03:00:00+00:00")
    );
    assert_eq!(s.show_time("2026-11-27T03:00:00+00:00"), "2026-11-27 11:00");
}

/// From the full text (Enter), `v` opens the same list; the hint under
/// the figure names the key.
#[test]
fn reader_opens_the_follow_through_too() {
    let mut a = app(Lang::Zh);
    keys(&mut a, "p");
    let id = a.guidance.items[0].id;
    assert!(render(&a, 80, 24).contains("按 v 查看哪些村已完成"));
    keys(&mut a, "<Enter>");
    assert!(matches!(
        a.popups.last(),
        Some(zhucun::app::Popup::Reader { .. })
    ));
    let footer = render(&a, 140, 40);
    assert!(footer.lines().last().unwrap().contains("v 落实情况"));
    keys(&mut a, "v");
    assert!(a.popups.is_empty());
    assert_eq!(a.screen, Screen::Follow);
    assert_eq!(a.follow.as_ref().unwrap().guidance.id, id);
    // Other popups do not offer it.
    keys(&mut a, "?");
    let footer = render(&a, 140, 40);
    assert!(!footer.lines().last().unwrap().contains("落实情况"));
}

/// End to end in the real binary: `O` on a checklist, Enter on the oldest
/// item, and the checklist of January shows it selected and overdue.
#[test]
fn overdue_list_in_the_real_binary() {
    use crate::common::pty::{Session, demo_copy, open_first_village_of_duyun};
    let dir = tempfile::tempdir().unwrap();
    let db = demo_copy(dir.path());
    let mut s = Session::start(&db, &[], &[], 80, 24);
    open_first_village_of_duyun(&mut s);
    s.send("O");
    s.wait_until("the overdue list of 月邻社区", 10, |f| {
        f.contains("逾期清单 · 月邻社区") && f.selected("院坝会宣讲政策")
    });
    s.send("\r");
    s.wait_until("January's checklist with task 1 selected", 10, |f| {
        f.contains("任务清单 · 月邻社区 (522701001001) · 2026年1月")
            && f.selected("院坝会宣讲政策")
            && f.selected("已逾期")
    });
    s.send("q");
    assert!(s.wait_exit(std::time::Duration::from_secs(5)).is_some());
}

/// At every width from 80 to 140, in both languages, nothing on the three
/// screens is cut through a wide character.
#[test]
fn follow_up_screens_fit_every_width() {
    for lang in [Lang::Zh, Lang::En] {
        for seq in ["<Enter><Enter>O", "<Enter><Enter>u", "pv"] {
            let mut a = app(lang);
            keys(&mut a, seq);
            for w in (80..=140).step_by(3) {
                let screen = render(&a, w, 24);
                assert!(!screen.contains("<- CUT"), "{seq} at {w}:\n{screen}");
            }
        }
    }
}
