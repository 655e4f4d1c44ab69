//! Hints come from the key table: a rebinding changes what popups and the
//! footer say, and a hint shows only where its key does something for this
//! user.

use crate::ui_support as support;

use support::*;
use zhucun::app::Screen;
use zhucun::app::config::Config;
use zhucun::i18n::Lang;

fn rebound(toml: &str) -> zhucun::app::Options {
    let c = Config::parse("test.toml", toml).unwrap();
    zhucun::app::Options {
        keys: c.keys,
        ..opts(Lang::Zh)
    }
}

fn footer(screen: &str) -> String {
    screen.lines().last().unwrap_or_default().to_string()
}

#[test]
fn rebinding_changes_popup_hints_and_menu_numbers() {
    let o = rebound("[keys]\nsubmit = \"ctrl-o\"\ncancel = \"ctrl-g\"\npick_1 = \"a\"\n");
    let mut a = app_with(demo_db(), ADMIN, o);
    keys(&mut a, "<Enter><Enter><Enter>");
    assert_eq!(a.screen, Screen::Checklist);
    keys(&mut a, "e");
    let s = render(&a, 100, 30);
    assert!(s.contains("Ctrl-O 保存 · Ctrl-G 离开"), "{s}");
    assert!(!s.contains("Enter 保存"), "{s}");
    keys(&mut a, "<C-g>");
    keys(&mut a, "s");
    let s = render(&a, 100, 30);
    assert!(s.contains("a 未开始"), "{s}");
}

#[test]
fn rebinding_changes_the_form_and_confirm_hints() {
    let o = rebound("[keys]\nnext_field = \"ctrl-n\"\nyes = \"Y\"\n");
    let mut a = app_with(demo_db(), ADMIN, o);
    keys(&mut a, "pa");
    let s = render(&a, 120, 40);
    assert!(s.contains("Ctrl-N 下一项 · Ctrl-S 发布"), "{s}");
    keys(&mut a, "<Esc>d");
    let s = render(&a, 120, 40);
    assert!(s.contains("Y 确认 · n 取消"), "{s}");
}

#[test]
fn hints_only_where_the_key_does_something_for_this_user() {
    // An administrator at the top: no Back; recording and issuing keys.
    let mut a = app(Lang::Zh);
    let f = footer(&render(&a, 200, 30));
    assert!(!f.contains("Esc"), "{f}");
    keys(&mut a, "p");
    let f = footer(&render(&a, 200, 30));
    assert!(f.contains("a 新增"), "{f}");
    // A viewer: no recording keys on the checklist, no issuing keys on the
    // guidance screen.
    let mut v = app_with(demo_db(), VIEWER, opts(Lang::Zh));
    keys(&mut v, "<Enter><Enter>");
    assert_eq!(v.screen, Screen::Checklist);
    let f = footer(&render(&v, 200, 30));
    assert!(
        !f.contains("x ") && !f.contains("e ") && !f.contains("s "),
        "{f}"
    );
    assert!(f.contains("Esc"), "{f}");
    keys(&mut v, "p");
    assert_eq!(v.screen, Screen::Guidance);
    let f = footer(&render(&v, 200, 30));
    assert!(!f.contains("a ") && !f.contains("d "), "{f}");
    // The note editor: Tab does nothing there, so no "Tab 下一项".
    let mut a = app(Lang::Zh);
    keys(&mut a, "<Enter><Enter><Enter>e");
    let f = footer(&render(&a, 200, 30));
    assert!(!f.contains("Tab"), "{f}");
}
