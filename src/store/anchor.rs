//! The end of the audit trail, kept outside the database.
//!
//! The hash chain finds an edited or deleted row, but not rows cut off its
//! end (or all of them): whoever can write the file can also drop the last
//! rows and the chain still verifies. So after every commit the latest
//! sequence number and hash are written to `<db>-anchor`, a file beside the
//! database. On a shared server it is made at install, root:zhucun 0660 like
//! `-wal` and `-shm`: the program writes it through the group privilege,
//! coordinators cannot. `audit verify` and `doctor` check that the trail
//! still reaches the anchor, with the same hash.
//!
//! The anchor only moves forward (a later commit's writer may finish first),
//! under an exclusive `flock` of the anchor file.

use super::{Result, Store, privilege};
use rusqlite::{Connection, OptionalExtension};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// What the anchor says about the end of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorCheck {
    /// The trail reaches the anchored row, with the anchored hash.
    Holds { seq: i64 },
    /// No anchor yet (a personal database from before anchors existed; the
    /// next write makes one).
    None,
    /// A shared-server database without its anchor file (made at install).
    Missing { path: String },
    /// The trail ends before the anchored row: rows were cut off its end.
    Cut { anchored: i64, last: i64 },
    /// The anchored row has another hash: the trail was rewritten.
    Rewritten { seq: i64 },
}

impl AnchorCheck {
    pub fn holds(&self) -> bool {
        matches!(self, AnchorCheck::Holds { .. } | AnchorCheck::None)
    }
}

/// The anchor file of the database at `db`.
pub fn anchor_path(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}-anchor", db.display()))
}

/// In a deployment directory only an anchor made at install counts: one
/// created now would belong to whoever happened to create it.
fn may_create(db: &Path) -> bool {
    !privilege::in_shared_dir(db) || nix::unistd::Uid::current().is_root()
}

/// Make the anchor file of a new database in a shared directory (mode 0660,
/// the directory's group), so that no later session has to create it.
pub(crate) fn make(db: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let path = anchor_path(db);
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o660)
        .open(&path)?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o660))
}

fn open_anchor(db: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true).write(true);
    if may_create(db) {
        let mode = if privilege::in_shared_dir(db) {
            0o660
        } else {
            0o600
        };
        opts.create(true).mode(mode);
    }
    privilege::with_group_for(db, || opts.open(anchor_path(db)))
}

fn parse(text: &str) -> Option<(i64, String)> {
    let mut it = text.split_whitespace();
    let seq = it.next()?.parse().ok()?;
    Some((seq, it.next().unwrap_or_default().to_string()))
}

fn last_row(conn: &Connection) -> rusqlite::Result<Option<(i64, String)>> {
    conn.query_row(
        "SELECT seq, CAST(hash AS TEXT) FROM audit ORDER BY seq DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// Move the anchor of `conn`'s database to its newest audit row. Called
/// after every commit; failing to is not an error of the write (the next
/// commit moves it, `doctor` reports a missing anchor).
pub(crate) fn after_commit(conn: &Connection) {
    let Some(db) = conn.path().filter(|p| !p.is_empty()).map(PathBuf::from) else {
        return;
    };
    let Ok(Some((seq, hash))) = last_row(conn) else {
        return;
    };
    let Ok(file) = open_anchor(&db) else {
        return;
    };
    let Ok(mut file) = nix::fcntl::Flock::lock(file, nix::fcntl::FlockArg::LockExclusive) else {
        return;
    };
    let mut text = String::new();
    let _ = file.read_to_string(&mut text);
    if parse(&text).is_some_and(|(s, _)| s >= seq) {
        return;
    }
    let _ = (|| -> std::io::Result<()> {
        file.set_len(0)?;
        file.rewind()?;
        file.write_all(format!("{seq} {hash}\n").as_bytes())?;
        file.sync_data()
    })();
}

impl Store {
    /// Check the end of the audit trail against its anchor.
    pub fn check_anchor(&self) -> Result<AnchorCheck> {
        let path = anchor_path(&self.path);
        let text = privilege::with_group_for(&self.path, || std::fs::read_to_string(&path));
        let Ok(text) = text else {
            return Ok(if may_create(&self.path) {
                AnchorCheck::None
            } else {
                AnchorCheck::Missing {
                    path: path.display().to_string(),
                }
            });
        };
        let Some((anchored, hash)) = parse(&text) else {
            return Ok(AnchorCheck::None);
        };
        let last = last_row(&self.conn)?.map_or(0, |(s, _)| s);
        if last < anchored {
            return Ok(AnchorCheck::Cut { anchored, last });
        }
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT CAST(hash AS TEXT) FROM audit WHERE seq = ?1",
                [anchored],
                |r| r.get(0),
            )
            .optional()?;
        Ok(match stored {
            Some(h) if h == hash => AnchorCheck::Holds { seq: anchored },
            _ => AnchorCheck::Rewritten { seq: anchored },
        })
    }
}
