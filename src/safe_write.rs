//! Writing files so that nothing is ever half-written or lost.
//!
//! Every file crosscheck writes (`claim new`, `promote`, `retire`, `accept`, `--output`) goes
//! through [`write_atomic`]: the new content is written to a temporary file in the same folder,
//! flushed to disk, given the old file's permissions, and renamed over the target in one step.
//! A reader sees the old file or the new one, never a mix; on any error the old file is left
//! byte for byte as it was.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why a file could not be written; the message names the file and says what to do.
#[derive(Debug)]
pub struct WriteError {
    /// The file that was to be written.
    pub path: PathBuf,
    /// What went wrong.
    pub reason: String,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write `{}`: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for WriteError {}

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Replace the file if it exists.
    Allow,
    /// Fail if the file exists (checked again at the moment of the rename, so a file created
    /// meanwhile is not lost either).
    Refuse,
}

/// Writes `content` to `path` atomically (see the module docs).
///
/// `path` itself must not be a symbolic link: crosscheck edits files in place and will not
/// write through a link to somewhere else. The folder must exist.
///
/// # Errors
///
/// A [`WriteError`] naming the file when the folder is missing or not writable, the path is a
/// symbolic link or a folder, the file exists and `overwrite` is [`Overwrite::Refuse`], or the
/// disk fails.
pub fn write_atomic(path: &Path, content: &[u8], overwrite: Overwrite) -> Result<(), WriteError> {
    write_atomic_with(path, overwrite, |out| out.write_all(content))
}

/// [`write_atomic`] for content produced piece by piece: `write` writes it to the temporary
/// file (buffered), so a large output is never held in memory whole. An error from `write`
/// leaves the old file as it was, like any other.
///
/// # Errors
///
/// Those of [`write_atomic`], and `write`'s own.
pub fn write_atomic_with(
    path: &Path,
    overwrite: Overwrite,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    let fail = |reason: String| WriteError {
        path: path.to_path_buf(),
        reason,
    };
    let existing = match fs::symlink_metadata(path) {
        Ok(metadata) => Some(metadata),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(fail(error.to_string())),
    };
    if let Some(metadata) = &existing {
        if metadata.file_type().is_symlink() {
            return Err(fail(
                "it is a symbolic link; crosscheck does not write through links (edit the file \
                 it points to, or replace the link with the file)"
                    .to_owned(),
            ));
        }
        if metadata.is_dir() {
            return Err(fail("it is a folder".to_owned()));
        }
        if overwrite == Overwrite::Refuse {
            return Err(fail(
                "it already exists; choose another name or remove it first".to_owned(),
            ));
        }
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".crosscheck-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|error| {
            fail(format!(
                "cannot create a temporary file in `{}`: {error}",
                folder.display()
            ))
        })?;
    {
        let mut buffered = io::BufWriter::new(temporary.as_file_mut());
        write(&mut buffered)
            .and_then(|()| buffered.flush())
            .map_err(|error| fail(error.to_string()))?;
    }
    temporary
        .as_file()
        .sync_all()
        .map_err(|error| fail(error.to_string()))?;
    if let Some(metadata) = &existing {
        fs::set_permissions(temporary.path(), metadata.permissions())
            .map_err(|error| fail(format!("cannot keep its permissions: {error}")))?;
    }
    match overwrite {
        Overwrite::Allow => temporary
            .persist(path)
            .map(drop)
            .map_err(|error| fail(error.error.to_string())),
        Overwrite::Refuse => temporary
            .persist_noclobber(path)
            .map(drop)
            .map_err(|error| {
                if error.error.kind() == io::ErrorKind::AlreadyExists {
                    fail("it already exists; choose another name or remove it first".to_owned())
                } else {
                    fail(error.error.to_string())
                }
            }),
    }?;
    // Make the rename itself durable where the platform allows it.
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// [`write_atomic`] for a file that must stay inside the folder `root` (the claims folder):
/// the folder `path` is written in, with every symbolic link on the way resolved, must be
/// `root` or below it, so a linked sub-folder cannot carry a write out of `root`.
///
/// # Errors
///
/// Those of [`write_atomic`], and a [`WriteError`] naming the file when its folder or `root`
/// cannot be resolved, or the folder lies outside `root`.
pub fn write_atomic_within(
    root: &Path,
    path: &Path,
    content: &[u8],
    overwrite: Overwrite,
) -> Result<(), WriteError> {
    let fail = |reason: String| WriteError {
        path: path.to_path_buf(),
        reason,
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let real_root = fs::canonicalize(root)
        .map_err(|error| fail(format!("cannot resolve `{}`: {error}", root.display())))?;
    let real_folder = fs::canonicalize(folder)
        .map_err(|error| fail(format!("cannot resolve `{}`: {error}", folder.display())))?;
    if !real_folder.starts_with(&real_root) {
        return Err(fail(format!(
            "it lies outside `{}` (a symbolic link on the way leads to `{}`); crosscheck \
             writes only inside that folder: edit the file where it is, or copy it in",
            root.display(),
            real_folder.display()
        )));
    }
    write_atomic(path, content, overwrite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replaces_and_refuses() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("claim.yaml");
        write_atomic(&path, "أ".as_bytes(), Overwrite::Refuse).expect("new file");
        assert_eq!(fs::read_to_string(&path).expect("read"), "أ");
        let refused = write_atomic(&path, b"b", Overwrite::Refuse).expect_err("exists");
        assert!(
            refused
                .to_string()
                .ends_with("it already exists; choose another name or remove it first")
        );
        assert_eq!(fs::read_to_string(&path).expect("read"), "أ");
        write_atomic(&path, b"c", Overwrite::Allow).expect("replace");
        assert_eq!(fs::read_to_string(&path).expect("read"), "c");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[test]
    fn a_writer_that_fails_half_way_leaves_the_old_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("report.json");
        fs::write(&path, "تقرير قديم").expect("write");
        let error = write_atomic_with(&path, Overwrite::Allow, |out| {
            out.write_all(b"{\"version\": 1, ")?;
            Err(io::Error::other("the renderer gave up"))
        })
        .expect_err("the writer failed");
        assert_eq!(
            error.to_string(),
            format!("cannot write `{}`: the renderer gave up", path.display())
        );
        assert_eq!(fs::read_to_string(&path).expect("read"), "تقرير قديم");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1);

        write_atomic_with(&path, Overwrite::Allow, |out| {
            out.write_all("{\"جديد\": ".as_bytes())?;
            out.write_all(b"true}")
        })
        .expect("streamed");
        assert_eq!(fs::read_to_string(&path).expect("read"), "{\"جديد\": true}");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_refuses_links() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("claim.yaml");
        fs::write(&path, "old").expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomic(&path, b"new", Overwrite::Allow).expect("replace");
        let mode = fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);

        let outside = dir.path().join("outside.yaml");
        fs::write(&outside, "keep").expect("write");
        let link = dir.path().join("link.yaml");
        symlink(&outside, &link).expect("symlink");
        let error = write_atomic(&link, b"x", Overwrite::Allow).expect_err("a link");
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert_eq!(fs::read_to_string(&outside).expect("read"), "keep");
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_folder_cannot_carry_a_write_out_of_the_root() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("temp dir");
        let claims = dir.path().join("claims");
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir(&claims).expect("mkdir");
        fs::create_dir(&elsewhere).expect("mkdir");
        fs::write(elsewhere.join("shells.yaml"), "claims: []\n").expect("write");
        symlink(&elsewhere, claims.join("shared")).expect("symlink");
        let through_link = claims.join("shared").join("shells.yaml");
        let error = write_atomic_within(&claims, &through_link, b"x", Overwrite::Allow)
            .expect_err("outside the root");
        assert!(
            error.to_string().contains(&format!(
                "it lies outside `{}` (a symbolic link on the way leads to",
                claims.display()
            )),
            "{error}"
        );
        assert_eq!(
            fs::read_to_string(elsewhere.join("shells.yaml")).expect("read"),
            "claims: []\n"
        );
        // Inside the root, and in a real sub-folder, it writes.
        fs::create_dir(claims.join("sub")).expect("mkdir");
        write_atomic_within(&claims, &claims.join("sub/a.yaml"), b"a", Overwrite::Refuse)
            .expect("inside");
        write_atomic_within(&claims, &claims.join("b.yaml"), b"b", Overwrite::Refuse)
            .expect("inside");
        assert_eq!(fs::read(claims.join("sub/a.yaml")).expect("read"), b"a");
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("no-such-folder").join("x.yaml");
        let error = write_atomic(&path, b"x", Overwrite::Allow).expect_err("no folder");
        assert!(
            error
                .to_string()
                .starts_with(&format!("cannot write `{}`", path.display()))
        );
    }
}
