//! Styles keyed by role, from the 16 named ANSI colours; without colour
//! (NO_COLOR, `--color never`) only bold/reverse/underline remain, so the
//! selection stays visible. Symbols have an ASCII set for terminals that
//! draw box and arrow characters double-width.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Normal,
    Muted,
    Title,
    Header,
    Selected,
    Tab,
    TabActive,
    Key,
    Done,
    Doing,
    Todo,
    Overdue,
    Na,
    Alert,
    Warn,
    Info,
    Border,
    BarFull,
    BarEmpty,
    Focus,
    Mark,
}

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
    pub ascii: bool,
}

/// Characters that differ between Unicode and ASCII drawing.
pub struct Symbols {
    pub border: border::Set<'static>,
    pub selected: &'static str,
    pub crumb: &'static str,
    pub bar_full: &'static str,
    pub bar_empty: &'static str,
    pub dot: &'static str,
    pub dash: &'static str,
    pub sep: &'static str,
    /// Rows continue above / below the visible part of a list.
    pub up: &'static str,
    pub down: &'static str,
}

const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

static UNICODE: Symbols = Symbols {
    border: border::PLAIN,
    selected: "▶",
    crumb: " › ",
    bar_full: "█",
    bar_empty: "░",
    dot: "·",
    dash: "—",
    sep: "│",
    up: "↑",
    down: "↓",
};

static ASCII: Symbols = Symbols {
    border: ASCII_BORDER,
    selected: ">",
    crumb: " > ",
    bar_full: "#",
    bar_empty: ".",
    dot: "-",
    dash: "-",
    sep: "|",
    up: "^",
    down: "v",
};

impl Theme {
    pub fn sym(&self) -> &'static Symbols {
        if self.ascii { &ASCII } else { &UNICODE }
    }

    pub fn style(&self, role: Role) -> Style {
        let s = Style::default();
        let b = Modifier::BOLD;
        if !self.color {
            return match role {
                Role::Title | Role::Header | Role::Key | Role::Alert | Role::TabActive => {
                    s.add_modifier(b)
                }
                Role::Selected => s.add_modifier(Modifier::REVERSED | b),
                Role::Overdue => s.add_modifier(b | Modifier::UNDERLINED),
                Role::Focus => s.add_modifier(Modifier::UNDERLINED),
                Role::Muted | Role::Na => s.add_modifier(Modifier::DIM),
                _ => s,
            };
        }
        match role {
            Role::Normal => s,
            Role::Muted | Role::Na => s.fg(Color::DarkGray),
            Role::Title => s.fg(Color::Cyan).add_modifier(b),
            Role::Header => s.fg(Color::Blue).add_modifier(b),
            Role::Selected => s.add_modifier(Modifier::REVERSED | b),
            Role::Tab => s.fg(Color::Gray),
            Role::TabActive => s.fg(Color::Black).bg(Color::Cyan).add_modifier(b),
            Role::Key => s.fg(Color::Yellow).add_modifier(b),
            Role::Done => s.fg(Color::Green),
            Role::Doing => s.fg(Color::Yellow),
            Role::Todo => s,
            Role::Overdue => s.fg(Color::Red).add_modifier(b),
            Role::Alert => s.fg(Color::LightRed).add_modifier(b),
            Role::Warn => s.fg(Color::Yellow),
            Role::Info => s.fg(Color::Green),
            Role::Border => s.fg(Color::DarkGray),
            Role::BarFull => s.fg(Color::Green),
            Role::BarEmpty => s.fg(Color::DarkGray),
            Role::Focus => s.fg(Color::Cyan).add_modifier(Modifier::UNDERLINED),
            Role::Mark => s.fg(Color::Magenta).add_modifier(b),
        }
    }

    /// The style a cell of the selected row takes, from its own style
    /// `own`: the bar is the reverse of the terminal's default colours in
    /// every theme (readable on light and dark terminals, and without
    /// colour), so the cell's colours give way to the bar's and dimming is
    /// dropped; bold and underline stay, and a red (alert) foreground
    /// becomes an underline so an overdue task still stands out.
    pub fn on_selection(&self, own: Style) -> Style {
        let mut s = self
            .style(Role::Selected)
            .fg(Color::Reset)
            .bg(Color::Reset)
            .remove_modifier(Modifier::DIM);
        if matches!(own.fg, Some(Color::Red | Color::LightRed)) {
            s = s.add_modifier(Modifier::UNDERLINED);
        }
        s
    }

    /// A progress bar of `width` cells for a rate 0-1.
    pub fn bar(&self, rate: Option<f64>, width: usize) -> (String, String) {
        let full = rate
            .map(|r| (r.clamp(0.0, 1.0) * width as f64).round() as usize)
            .unwrap_or(0)
            .min(width);
        let s = self.sym();
        (s.bar_full.repeat(full), s.bar_empty.repeat(width - full))
    }
}
