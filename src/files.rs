//! Finding input files: a directory stands for the files below it, for
//! pages (`deboiler clean DIR`) and rule folders (`--rules DIR`) alike.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Reads all of `reader`, but an error once it passes `max` bytes: a
/// device such as `/dev/zero`, or a file far larger than anything meant,
/// never fills memory.
pub fn read_at_most(reader: impl Read, max: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take((max as u64).saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than {max} bytes"),
        ));
    }
    Ok(bytes)
}

/// [`read_at_most`] of a file.
pub fn read_file_at_most(path: &Path, max: usize) -> std::io::Result<Vec<u8>> {
    read_at_most(std::fs::File::open(path)?, max)
}

/// [`read_file_at_most`] that never waits for a writer: a named pipe that
/// nobody writes to reads as empty, where opening it would block for good
/// (a pipe with a writer, such as the shell's `<(…)`, is read as usual).
/// For configuration read at start and while watching.
pub fn read_file_now(path: &Path, max: usize) -> std::io::Result<Vec<u8>> {
    read_at_most(open_now(path)?, max)
}

#[cfg(unix)]
fn open_now(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::File::options()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    // Reads wait again once it is open: a writer that is there is waited
    // for, and with none a pipe reads as ended.
    // SAFETY: F_GETFL and F_SETFL on a descriptor this function owns.
    unsafe {
        let fd = file.as_raw_fd();
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags == -1 || libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) == -1 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(file)
}

#[cfg(not(unix))]
fn open_now(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Whether `path` is a regular file (following links).
pub fn is_regular(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Every file below `dir`, sorted by path. Hidden files and folders (a
/// leading dot, such as `.git`) are skipped. A folder reached twice (a
/// symbolic link back up the tree, or two links to one folder) is read
/// once, so a link loop ends.
pub fn files_below(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    let mut seen = std::collections::HashSet::new();
    while let Some(d) = dirs.pop() {
        // The folder's real path names it whatever links led here.
        if !seen.insert(std::fs::canonicalize(&d)?) {
            continue;
        }
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            if path.is_dir() {
                dirs.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A file's name without `.gz` and its extension: `dir/abc.html.gz` is
/// `abc`. Pages are known by it (corpus ids, output names).
pub fn stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let name = name.as_ref();
    let name = name.strip_suffix(".gz").unwrap_or(name);
    name.rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_recursive_without_hidden_entries() {
        let root = std::env::temp_dir().join(format!("deboiler-files-{}", std::process::id()));
        std::fs::create_dir_all(root.join("b/c")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        for f in ["b/c/z.txt", "a.txt", "b/y.txt", ".hidden", ".git/config"] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let got: Vec<String> = files_below(&root)
            .unwrap()
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(got, ["a.txt", "b/c/z.txt", "b/y.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_end() {
        let root = std::env::temp_dir().join(format!("deboiler-loop-{}", std::process::id()));
        std::fs::create_dir_all(root.join("d")).unwrap();
        std::fs::write(root.join("d/page.txt"), "x").unwrap();
        std::os::unix::fs::symlink("..", root.join("d/up")).unwrap();
        std::os::unix::fs::symlink(".", root.join("d/here")).unwrap();
        let got = files_below(&root).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(got.len(), 1, "{got:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_nobody_writes_to_reads_as_empty_at_once() {
        let root = std::env::temp_dir().join(format!("deboiler-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        let fifo = root.join("rules.yaml");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let read = read_file_now(&fifo, 100);
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(read.unwrap(), b"");
    }

    #[test]
    fn stems() {
        assert_eq!(stem(Path::new("dir/abc.txt")), "abc");
        assert_eq!(stem(Path::new("abc.html.gz")), "abc");
        assert_eq!(stem(Path::new("abc")), "abc");
    }
}
