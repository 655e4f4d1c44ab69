//! Noticing other sessions' commits (`PRAGMA data_version`), so a UI can
//! reload what it shows within a second without touching a half-typed note
//! or moving the selection. Polling costs one pragma on the open connection:
//! no file is read unless something changed.

use super::{Result, Store};

/// Remembers the data version last seen on one store connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeWatch {
    last: i64,
}

/// How often a UI should poll: other sessions' changes are to be on screen
/// within about a second, and one poll costs about 0.1 ms
/// (docs/bench-server.md).
pub const POLL_INTERVAL: std::time::Duration = std::time::Duration::from_millis(500);

impl ChangeWatch {
    pub fn new(store: &Store) -> Result<ChangeWatch> {
        Ok(ChangeWatch {
            last: store.data_version()?,
        })
    }

    /// True once for every batch of commits made by *other* connections
    /// since the last call (this connection's own commits do not count: the
    /// caller already knows about them).
    pub fn changed(&mut self, store: &Store) -> Result<bool> {
        let now = store.data_version()?;
        let changed = now != self.last;
        self.last = now;
        Ok(changed)
    }
}
