//! Where the last frame put what a click can hit: the screen tabs and the
//! rows of the list on top. The draw records them (a memo of the view, as
//! [`Sel`](super::Sel) keeps its scroll offset), and `App::on_mouse` turns
//! a click or the wheel into the same actions keys give. Used only with
//! `mouse = true` in the config file.

use super::Screen;
use std::cell::RefCell;

/// Cells `x0..x1` of screen row `y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Area {
    y: u16,
    x0: u16,
    x1: u16,
}

impl Area {
    fn holds(self, col: u16, row: u16) -> bool {
        row == self.y && (self.x0..self.x1).contains(&col)
    }
}

/// The hit areas of the last frame.
#[derive(Debug, Default, Clone)]
pub struct HitMap {
    tabs: RefCell<Vec<(Area, Screen)>>,
    /// Rows of the list on top (the popup's when a popup is open), each
    /// with the index of its item in that list.
    rows: RefCell<Vec<(Area, usize)>>,
}

impl HitMap {
    /// A new frame: forget the last one's areas.
    pub fn clear(&self) {
        self.tabs.borrow_mut().clear();
        self.rows.borrow_mut().clear();
    }

    /// A popup is drawn over the screen: the screen's rows are covered.
    pub fn clear_rows(&self) {
        self.rows.borrow_mut().clear();
    }

    /// The tab of `screen` takes cells `x0..x1` of row `y`.
    pub fn tab(&self, y: u16, x0: u16, x1: u16, screen: Screen) {
        self.tabs.borrow_mut().push((Area { y, x0, x1 }, screen));
    }

    /// Item `index` of the list on top is drawn on row `y`, cells `x0..x1`.
    pub fn row(&self, y: u16, x0: u16, x1: u16, index: usize) {
        self.rows.borrow_mut().push((Area { y, x0, x1 }, index));
    }

    /// Items `first..first + count` on rows `y..y + count`.
    pub fn rows(&self, y: u16, x0: u16, x1: u16, first: usize, count: usize) {
        for k in 0..count {
            self.row(y + k as u16, x0, x1, first + k);
        }
    }

    /// The screen whose tab is at (`col`, `row`).
    pub fn tab_at(&self, col: u16, row: u16) -> Option<Screen> {
        let tabs = self.tabs.borrow();
        tabs.iter()
            .find(|(a, _)| a.holds(col, row))
            .map(|(_, s)| *s)
    }

    /// The list item at (`col`, `row`).
    pub fn row_at(&self, col: u16, row: u16) -> Option<usize> {
        let rows = self.rows.borrow();
        rows.iter()
            .find(|(a, _)| a.holds(col, row))
            .map(|(_, i)| *i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_by_cell() {
        let h = HitMap::default();
        h.tab(0, 10, 16, Screen::Villages);
        h.rows(5, 2, 40, 7, 3);
        assert_eq!(h.tab_at(10, 0), Some(Screen::Villages));
        assert_eq!(h.tab_at(16, 0), None);
        assert_eq!(h.row_at(2, 5), Some(7));
        assert_eq!(h.row_at(39, 7), Some(9));
        assert_eq!(h.row_at(40, 7), None);
        assert_eq!(h.row_at(3, 8), None);
        h.clear_rows();
        assert_eq!(h.row_at(2, 5), None);
        assert_eq!(h.tab_at(12, 0), Some(Screen::Villages));
        h.clear();
        assert_eq!(h.tab_at(12, 0), None);
    }
}
