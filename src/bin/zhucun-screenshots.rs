//! Screenshots of the real screens: the demo prefecture as of 2026-11-28,
//! driven by keys through the app, drawn by the real `ui::draw` into a
//! ratatui TestBackend, written as SVG (every cell on a grid) and converted
//! to PNG with `rsvg-convert`. Run through `screenshots/make.sh`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};
use std::process::Command;
use zhucun::app::{App, Options};
use zhucun::domain::{Catalogue, UserRole};
use zhucun::i18n::Lang;
use zhucun::store::Store;

/// The account the screenshots show (a fictional county coordinator's admin).
const ACCOUNT: &str = "qn_lihua";

struct Shot {
    name: &'static str,
    lang: Lang,
    size: (u16, u16),
    keys: &'static str,
    text: &'static str,
}

const SHOTS: &[Shot] = &[
    Shot {
        name: "01-overview",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "",
        text: "",
    },
    Shot {
        name: "02-county",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "<Enter>",
        text: "",
    },
    Shot {
        name: "03-villages",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "<Enter><Enter>",
        text: "",
    },
    Shot {
        name: "04-checklist",
        lang: Lang::Zh,
        size: (120, 40),
        keys: "<Enter><Enter><Enter>jjj",
        text: "",
    },
    Shot {
        name: "05-note",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "<Enter><Enter><Enter>jjje",
        text: "已召开院坝会，到会42人",
    },
    Shot {
        name: "06-detail",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "<Enter><Enter><Enter><Enter>",
        text: "",
    },
    Shot {
        name: "07-team",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "<Enter><Enter><Enter>t",
        text: "",
    },
    Shot {
        name: "08-guidance",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "p",
        text: "",
    },
    Shot {
        name: "09-guidance-text",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "p<Enter>",
        text: "",
    },
    Shot {
        name: "10-search",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "/",
        text: "dy",
    },
    Shot {
        name: "11-help",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "<Enter><Enter><Enter>?",
        text: "",
    },
    Shot {
        name: "12-checklist-80x24",
        lang: Lang::Zh,
        size: (80, 24),
        keys: "<Enter><Enter><Enter>",
        text: "",
    },
    Shot {
        name: "13-overview-en",
        lang: Lang::En,
        size: (120, 36),
        keys: "",
        text: "",
    },
    Shot {
        name: "14-overdue",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "<Enter><Enter>O",
        text: "",
    },
    Shot {
        name: "15-unreported",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "<Enter><Enter>u",
        text: "",
    },
    Shot {
        name: "16-follow-through",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "pv",
        text: "",
    },
    Shot {
        name: "17-export-form",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "<Enter><Enter>E",
        text: "",
    },
    Shot {
        name: "18-attendance",
        lang: Lang::Zh,
        size: (140, 36),
        keys: "<Enter>a[jjj",
        text: "",
    },
    Shot {
        name: "19-leave",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "L",
        text: "",
    },
    Shot {
        name: "20-recall",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "R<Down><Down><Down><Down><Enter>",
        text: "",
    },
    Shot {
        name: "21-units",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "<Enter>U",
        text: "",
    },
    Shot {
        name: "22-training",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "<Enter>Tj<Enter>",
        text: "",
    },
    Shot {
        name: "23-assessment",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "K[jjj",
        text: "",
    },
    Shot {
        name: "24-allowance",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "Bjjjjjjjjjjjjjj<Enter>",
        text: "",
    },
    Shot {
        name: "25-leave-form",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "Ln",
        text: "曹强",
    },
    Shot {
        name: "26-recall-incident",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "Ri",
        text: "",
    },
    Shot {
        name: "27-training-form",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "Ta",
        text: "乡村振兴政策专题培训",
    },
    Shot {
        name: "28-help-plan-form",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "<Enter>U<Enter>b",
        text: "；发展茶叶加工",
    },
    Shot {
        name: "29-training-counties",
        lang: Lang::Zh,
        size: (120, 36),
        keys: "Tvvv",
        text: "",
    },
];

fn key(name: &str) -> KeyEvent {
    let code = match name {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "Down" => KeyCode::Down,
        "Up" => KeyCode::Up,
        other => panic!("unknown key <{other}>"),
    };
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn press(app: &mut App, seq: &str) {
    let mut chars = seq.chars();
    while let Some(c) = chars.next() {
        if c == '<' {
            let name: String = chars.by_ref().take_while(|c| *c != '>').collect();
            app.on_key(key(&name));
        } else {
            app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }
}

fn main() -> anyhow::Result<()> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "screenshots".into()),
    );
    std::fs::create_dir_all(&out)?;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28)
        .ok_or_else(|| anyhow::anyhow!("2026-11-28 is a date"))?;
    let dir = tempfile_dir()?;
    let db = dir.join("demo.db");
    let _ = std::fs::remove_file(&db);
    let mut store = Store::create(&db, &Catalogue::builtin(), today)?;
    zhucun::demo::load(&mut store, today)?;
    store.set_user(ACCOUNT, UserRole::Admin, None)?;
    drop(store);
    for shot in SHOTS {
        let mut store = Store::open_with(&db, today, false)?;
        store.set_account_for_tests(ACCOUNT)?;
        let mut app = App::new(
            store,
            Options {
                lang: shot.lang,
                ..Options::default()
            },
        )?;
        press(&mut app, shot.keys);
        for c in shot.text.chars() {
            app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        let (w, h) = shot.size;
        let mut term = Terminal::new(TestBackend::new(w, h))?;
        term.draw(|f| zhucun::ui::draw(f, &app))?;
        // The caret is drawn only where a text input is open.
        let cursor = (!shot.text.is_empty())
            .then(|| term.get_cursor_position().ok())
            .flatten()
            .map(|p| (p.x, p.y));
        let svg = zhucun::screenshot::buffer_to_svg(term.backend().buffer(), cursor);
        let svg_path = dir.join(format!("{}.svg", shot.name));
        std::fs::write(&svg_path, svg)?;
        let png = out.join(format!("{}.png", shot.name));
        convert(&svg_path, &png)?;
        println!("{}", png.display());
    }
    if std::env::var_os("KEEP_SVG").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

fn tempfile_dir() -> anyhow::Result<PathBuf> {
    let d = std::env::temp_dir().join(format!("zhucun-shots-{}", std::process::id()));
    std::fs::create_dir_all(&d)?;
    Ok(d)
}

fn convert(svg: &Path, png: &Path) -> anyhow::Result<()> {
    let status = Command::new("rsvg-convert").arg("-o").arg(png).arg(svg).status().map_err(|e| {
        anyhow::anyhow!("rsvg-convert not found ({e}); run screenshots/make.sh, which installs librsvg2-bin and fonts-noto-cjk")
    })?;
    anyhow::ensure!(status.success(), "rsvg-convert failed on {}", svg.display());
    Ok(())
}
