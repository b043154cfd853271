//! Writing files so that nothing is ever half-written or lost.
//!
//! Every file crosscheck writes (`claim new`, `promote`, `retire`, `accept`, `--output`) goes
//! through [`write_atomic`]: the new content is written to a temporary file in the same folder,
//! flushed to disk, given the old file's permissions, and renamed over the target in one step.
//! A reader sees the old file or the new one, never a mix; on any error the old file is left
//! byte for byte as it was. A rewritten file keeps its owner, group and mode; a new file gets
//! the mode the umask gives (`0644` under `022`).
//!
//! Two commands editing one claim file at once must not lose either edit: [`lock_for_edit`]
//! takes an exclusive advisory lock on the file itself, to be held around reading, editing and
//! renaming (the lock follows the file through the rename, see its docs).
//!
//! A report (`--output`) goes through [`write_output`], which refuses to write into the folders
//! crosscheck reads, and writes to a FIFO or a device (`/dev/stdout`, `/dev/null`) by opening
//! it, never by renaming over it.
//!
//! ```no_run
//! use crosscheck::safe_write::{lock_for_edit, write_atomic, Overwrite};
//! use std::path::Path;
//! use std::time::Duration;
//!
//! let path = Path::new("claims/shells.yaml");
//! let _lock = lock_for_edit(path, Duration::from_secs(5))?;
//! let text = std::fs::read_to_string(path)?;
//! write_atomic(path, text.replace("review", "active").as_bytes(), Overwrite::Allow)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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
    remove_stale_temporaries(folder);
    let prefix = format!("{TEMPORARY_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMPORARY_SUFFIX);
    // Created with `0666`, from which the umask takes its bits, as any new file's mode is (the
    // default `0600` would hide a new claim or report from the rest of the team).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temporary = builder
        .tempfile_in(folder)
        .map_err(|error| fail(folder_problem(folder, &error)))?;
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
        keep_owner(temporary.as_file(), metadata);
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

/// Why nothing can be written in `folder`, in the user's terms: the folder they named, never
/// the temporary file's internal name.
fn folder_problem(folder: &Path, error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => format!(
            "the folder `{}` does not exist; create it first, or write elsewhere",
            folder.display()
        ),
        io::ErrorKind::PermissionDenied => format!(
            "no permission to write in the folder `{}`; write elsewhere",
            folder.display()
        ),
        _ => {
            // tempfile adds ` at path "/…/.crosscheck-….tmp"` to the system's reason.
            let reason = error.to_string();
            let reason = reason.split(" at path ").next().unwrap_or_default();
            format!(
                "cannot write in the folder `{}`: {reason}",
                folder.display()
            )
        }
    }
}

/// The start of every temporary file's name, followed by the writing process's id and `-`.
const TEMPORARY_PREFIX: &str = ".crosscheck-";
/// The end of every temporary file's name.
const TEMPORARY_SUFFIX: &str = ".tmp";

/// Removes the temporary files a crosscheck process left in `folder` when it was killed
/// mid-write (`kill -9`): those named `.crosscheck-PID-….tmp` whose process no longer exists.
/// A file of a live process, of another user's process, or of another naming is left alone;
/// any error is ignored (the write itself does not depend on it).
fn remove_stale_temporaries(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let Some(pid) = temporary_pid(name) else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|kind| kind.is_file());
        if is_file && !process_exists(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary file's name (`.crosscheck-1234-abcdef.tmp`), if it is one.
fn temporary_pid(name: &str) -> Option<u32> {
    let rest = name
        .strip_prefix(TEMPORARY_PREFIX)?
        .strip_suffix(TEMPORARY_SUFFIX)?;
    let (pid, random) = rest.split_once('-')?;
    if random.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether a process with this id exists (a process of another user counts as existing).
#[cfg(unix)]
fn process_exists(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_exists(_pid: u32) -> bool {
    true
}

/// Gives the new file the old one's owner and group. Only root may give a file away; a user
/// may still keep its group when a member of it. What cannot be kept is left as the system
/// makes it (the file then belongs to whoever edited it, as with any editor).
#[cfg(unix)]
fn keep_owner(file: &fs::File, old: &fs::Metadata) {
    use std::os::unix::fs::{MetadataExt, fchown};
    if fchown(file, Some(old.uid()), Some(old.gid())).is_err() {
        let _ = fchown(file, None, Some(old.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &fs::File, _old: &fs::Metadata) {}

/// Whether a file's mode lets nobody write it (`0444`): its owner made it read-only, so an
/// edit needs to be asked for explicitly (`--force`).
pub fn is_read_only(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|metadata| metadata.permissions().readonly())
}

/// An exclusive advisory lock on a file, held until dropped. See [`lock_for_edit`].
#[derive(Debug)]
pub struct EditLock {
    _file: fs::File,
}

/// Takes an exclusive advisory lock on the file at `path`, waiting at most `wait` for another
/// process to release it, so that two commands editing one file one after the other each
/// read what the other wrote.
///
/// The lock is taken on the file itself (no lock file is left beside it). Since an edit
/// renames a new file over the old one, a waiter that gets the lock checks that `path` still
/// names the file it locked, and locks the new one when it does not.
///
/// # Errors
///
/// A [`WriteError`] naming the file when it cannot be opened, or when the lock is still held
/// after `wait`: the message names the process holding it where the system tells (Linux).
pub fn lock_for_edit(path: &Path, wait: Duration) -> Result<EditLock, WriteError> {
    let fail = |reason: String| WriteError {
        path: path.to_path_buf(),
        reason,
    };
    let deadline = Instant::now() + wait;
    loop {
        let file = fs::File::open(path).map_err(|error| fail(error.to_string()))?;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) => {
                    if Instant::now() >= deadline {
                        let holder =
                            lock_holder(&file).unwrap_or_else(|| "another process".to_owned());
                        return Err(fail(format!(
                            "{holder} is editing it (it has held its lock for more than {} \
                             seconds); wait for it to finish and try again",
                            wait.as_secs().max(1)
                        )));
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(fs::TryLockError::Error(error)) => {
                    return Err(fail(format!("cannot lock it: {error}")));
                }
            }
        }
        if same_file(&file, path) {
            return Ok(EditLock { _file: file });
        }
        // Another edit renamed a new file over the one locked: lock that one.
    }
}

/// Whether `path` still names the open `file`.
#[cfg(unix)]
fn same_file(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &fs::File, _path: &Path) -> bool {
    true
}

/// "process 1234 (`crosscheck accept c-two`)": who holds the lock on `file`, from the
/// system's table of locks (Linux); `None` elsewhere or when it cannot be told.
#[cfg(target_os = "linux")]
fn lock_holder(file: &fs::File) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let inode = file.metadata().ok()?.ino();
    let locks = fs::read_to_string("/proc/locks").ok()?;
    // `1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF`: the pid, then MAJOR:MINOR:INODE.
    let pid = locks.lines().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let device = fields.get(5)?;
        let locked_inode: u64 = device.rsplit(':').next()?.parse().ok()?;
        (fields.get(1) == Some(&"FLOCK") && locked_inode == inode)
            .then(|| fields.get(4)?.parse::<u32>().ok())
            .flatten()
    })?;
    let command = fs::read(format!("/proc/{pid}/cmdline"))
        .ok()
        .map(|bytes| {
            let words: Vec<String> = bytes
                .split(|&b| b == 0)
                .filter(|word| !word.is_empty())
                .map(|word| String::from_utf8_lossy(word).into_owned())
                .collect();
            crate::escape::control_chars(&words.join(" ")).into_owned()
        })
        .filter(|command| !command.is_empty());
    Some(match command {
        Some(command) => format!("process {pid} (`{command}`)"),
        None => format!("process {pid}"),
    })
}

#[cfg(not(target_os = "linux"))]
fn lock_holder(_file: &fs::File) -> Option<String> {
    None
}

/// A folder crosscheck reads, which a report must not be written into.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The folder (or file) as given on the command line.
    pub path: &'a Path,
    /// What it holds and the option naming it: "the claims folder (`--claims`)".
    pub role: &'a str,
}

/// Checks that a report may be written to `path`: not inside any of `inputs` (a report in
/// the corpus would be read as an article by the next run, one in the claims folder would
/// replace a claim file), and, when it exists, a regular file, a FIFO or a character device
/// (`/dev/null`, a terminal), not a folder, a block device or a socket.
///
/// # Errors
///
/// A [`WriteError`] naming the file and saying why.
pub fn check_output(path: &Path, inputs: &[Input<'_>]) -> Result<(), WriteError> {
    let fail = |reason: String| WriteError {
        path: path.to_path_buf(),
        reason,
    };
    match fs::metadata(path) {
        Ok(metadata) => {
            let kind = metadata.file_type();
            if kind.is_dir() {
                return Err(fail("it is a folder".to_owned()));
            }
            if !kind.is_file() && !is_stream(&kind) {
                return Err(fail(
                    "it is not a regular file (a block device or a socket); write the report \
                     to a file"
                        .to_owned(),
                ));
            }
            if is_stream(&kind) {
                return Ok(());
            }
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(fail(error.to_string())),
    }
    let Some(target) = resolved(path) else {
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        if let Err(error) = fs::metadata(folder) {
            return Err(fail(folder_problem(folder, &error)));
        }
        return Ok(());
    };
    for input in inputs {
        let Ok(input_path) = fs::canonicalize(input.path) else {
            continue;
        };
        if target.starts_with(&input_path) {
            return Err(fail(format!(
                "it is inside {} `{}`, which crosscheck reads; write the report elsewhere",
                input.role,
                input.path.display()
            )));
        }
    }
    Ok(())
}

/// `path` with every symbolic link resolved, also when the file itself does not exist yet
/// (its folder resolved, its name added); `None` when the folder cannot be resolved.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(real) = fs::canonicalize(path) {
        return Some(real);
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    Some(fs::canonicalize(folder).ok()?.join(path.file_name()?))
}

/// A FIFO or a character device: written by opening it, never replaced.
#[cfg(unix)]
fn is_stream(kind: &fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_fifo() || kind.is_char_device()
}

#[cfg(not(unix))]
fn is_stream(_kind: &fs::FileType) -> bool {
    false
}

/// Writes a report to `path` after [`check_output`]: a FIFO or a character device
/// (`/dev/null`, `/dev/stdout` on a terminal or a pipe) is opened and written, a regular file
/// atomically as [`write_atomic_with`] writes it; `/dev/stdout` (and `/dev/fd/…`)
/// redirected to a regular file is written through, as the shell opened it.
///
/// # Errors
///
/// Those of [`check_output`] and [`write_atomic_with`].
pub fn write_output(
    path: &Path,
    inputs: &[Input<'_>],
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    check_output(path, inputs)?;
    let fail = |reason: String| WriteError {
        path: path.to_path_buf(),
        reason,
    };
    let stream = fs::metadata(path).is_ok_and(|m| is_stream(&m.file_type()));
    let standard = path.starts_with("/dev/")
        && fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if stream || standard {
        let file = fs::OpenOptions::new()
            .write(true)
            .truncate(!stream)
            .open(path)
            .map_err(|error| fail(error.to_string()))?;
        let mut buffered = io::BufWriter::new(file);
        return write(&mut buffered)
            .and_then(|()| buffered.flush())
            .map_err(|error| fail(error.to_string()));
    }
    write_atomic_with(path, Overwrite::Allow, write)
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
