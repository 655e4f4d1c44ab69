//! Where an export is written: a temporary file beside the final name, mode
//! 0600, moved to the final name only when complete. A killed or failed
//! export leaves nothing under the final name (at most the hidden partial
//! file, which the next export of the same name by the same process id
//! replaces), and nobody else can read the file while or after it is written.

use super::TransferError;
use std::fs::File;
use std::path::{Path, PathBuf};

/// An export file being written.
pub struct Staged {
    pub file: File,
    pub partial: PathBuf,
    pub target: PathBuf,
    force: bool,
}

/// The hidden name an export is written under before it is complete.
pub fn partial_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    target.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

fn write_err(path: &Path, e: std::io::Error) -> TransferError {
    TransferError::Write {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

/// Start an export to `target` with the user's own rights: refuses an
/// existing `target` unless `force` (checked again when it is moved there).
pub fn stage(target: &Path, force: bool) -> Result<Staged, TransferError> {
    use std::os::unix::fs::OpenOptionsExt;
    crate::store::privilege::as_real_user(|| {
        if !force && std::fs::symlink_metadata(target).is_ok() {
            return Err(TransferError::Exists(target.display().to_string()));
        }
        let partial = partial_path(target);
        let _ = std::fs::remove_file(&partial);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&partial)
            .map_err(|e| write_err(target, e))?;
        Ok(Staged {
            file,
            partial,
            target: target.to_path_buf(),
            force,
        })
    })
}

impl Staged {
    /// Move the complete file to its final name (never over an existing
    /// file unless `force`).
    pub fn finish(&self) -> Result<(), TransferError> {
        crate::store::privilege::as_real_user(|| {
            let moved = if self.force {
                std::fs::rename(&self.partial, &self.target)
            } else {
                // A hard link never replaces an existing name.
                std::fs::hard_link(&self.partial, &self.target)
                    .and_then(|()| std::fs::remove_file(&self.partial))
            };
            moved.map_err(|e| {
                let _ = std::fs::remove_file(&self.partial);
                match e.kind() {
                    std::io::ErrorKind::AlreadyExists => {
                        TransferError::Exists(self.target.display().to_string())
                    }
                    _ => write_err(&self.target, e),
                }
            })
        })
    }

    /// Remove the partial file after a failure.
    pub fn abandon(&self) {
        crate::store::privilege::as_real_user(|| {
            let _ = std::fs::remove_file(&self.partial);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn written_private_and_moved_at_the_end() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("out.csv");
        let mut s = stage(&target, false).unwrap();
        s.file.write_all(b"x").unwrap();
        assert!(
            !target.exists(),
            "nothing under the final name while writing"
        );
        s.finish().unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(!s.partial.exists());
        assert!(matches!(
            stage(&target, false),
            Err(TransferError::Exists(_))
        ));
        let s = stage(&target, true).unwrap();
        s.abandon();
        assert_eq!(std::fs::read(&target).unwrap(), b"x");
    }
}
