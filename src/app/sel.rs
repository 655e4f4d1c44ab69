//! A selection in a list with the scroll memo of the last frame.

use super::keys::Action;
use std::cell::Cell;

/// A selection in a list, with the scroll offset and page size the last
/// frame used (a memo of the view, kept so scrolling is stable).
#[derive(Debug, Clone, Default)]
pub struct Sel {
    pub index: usize,
    pub offset: Cell<usize>,
    pub page: Cell<usize>,
}

impl Sel {
    pub fn new(index: usize) -> Sel {
        Sel {
            index,
            ..Sel::default()
        }
    }

    /// Apply a movement action to a list of `len` items; false if the
    /// action is not a movement.
    pub fn apply(&mut self, action: Action, len: usize) -> bool {
        let page = self.page.get().max(1);
        let last = len.saturating_sub(1);
        self.index = match action {
            Action::Up => self.index.saturating_sub(1),
            Action::Down => (self.index + 1).min(last),
            Action::PageUp => self.index.saturating_sub(page),
            Action::PageDown => (self.index + page).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        true
    }

    pub fn clamp(&mut self, len: usize) {
        self.index = self.index.min(len.saturating_sub(1));
    }

    /// The first visible row for `height` rows, keeping the selection in
    /// view with as little scrolling as possible (records the result).
    pub fn scroll(&self, height: usize, len: usize) -> usize {
        let h = height.max(1);
        self.page.set(h);
        let mut off = self.offset.get().min(len.saturating_sub(h));
        if self.index < off {
            off = self.index;
        } else if self.index >= off + h {
            off = self.index + 1 - h;
        }
        self.offset.set(off);
        off
    }
}
