//! Where `clean` writes, decided before anything is read: the file under
//! `--output DIR` of every input, and the checks that no output overwrites
//! an input, the rejects file, or another output.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The output file of each input (by index into the inputs), under `dir`.
///
/// An input's output is named after its path below the directory argument
/// it was found in (or its file name), without `.gz` and extension, with
/// `ext`; stdin is `stdin.EXT`. Inputs that would share a name (`a.html`
/// and `a.txt`) keep their own extension in it instead (`a.html.txt`,
/// `a.txt.txt`). An output that would still collide, or would be one of
/// the inputs or the rejects file, is an error naming both.
pub fn plan(
    dir: &Path,
    files: &[PathBuf],
    args: &[PathBuf],
    ext: &str,
    rejects: Option<&Path>,
) -> Result<Vec<PathBuf>, String> {
    let short: Vec<PathBuf> = files.iter().map(|f| mirror(f, args, ext, false)).collect();
    let mut count: HashMap<&Path, usize> = HashMap::new();
    for s in &short {
        *count.entry(s.as_path()).or_default() += 1;
    }
    let targets: Vec<PathBuf> = (files.iter().zip(&short))
        .map(|(f, s)| match count[s.as_path()] {
            1 => dir.join(s),
            _ => dir.join(mirror(f, args, ext, true)),
        })
        .collect();
    let mut seen: HashMap<&Path, &Path> = HashMap::new();
    for (t, f) in targets.iter().zip(files) {
        if let Some(other) = seen.insert(t, f) {
            return Err(format!(
                "--output: {} and {} would both be written to {}",
                other.display(),
                f.display(),
                t.display()
            ));
        }
    }
    if let Some(inside) = args.iter().find(|a| a.is_dir() && within(dir, a)) {
        return Err(format!(
            "--output {} is inside the input directory {}: outputs could overwrite files there that are not inputs, and would be read as inputs by the next run; write them elsewhere",
            dir.display(),
            inside.display()
        ));
    }
    let inputs = canonical_inputs(files);
    for (t, f) in targets.iter().zip(files) {
        if is_one_of(t, &inputs) {
            return Err(format!(
                "--output: the output of {} would overwrite the input {}",
                f.display(),
                t.display()
            ));
        }
        if rejects.is_some_and(|r| same_place(r, t)) {
            return Err(format!(
                "--output: the output of {} would overwrite the --rejects file {}",
                f.display(),
                t.display()
            ));
        }
    }
    Ok(targets)
}

/// An error if `--rejects FILE` is one of the inputs.
pub fn check_rejects(rejects: &Path, files: &[PathBuf]) -> Result<(), String> {
    if is_one_of(rejects, &canonical_inputs(files)) {
        return Err(format!(
            "--rejects {} is one of the inputs: it would be emptied before it is read",
            rejects.display()
        ));
    }
    Ok(())
}

/// The inputs as files: device and inode where there are such, so that a
/// hard link is its file under any name (else the canonical path).
fn canonical_inputs(files: &[PathBuf]) -> HashSet<FileId> {
    (files.iter())
        .filter(|f| *f != Path::new("-"))
        .filter_map(|f| file_id(f))
        .collect()
}

/// Whether `path` names an existing file among `inputs`.
fn is_one_of(path: &Path, inputs: &HashSet<FileId>) -> bool {
    file_id(path).is_some_and(|id| inputs.contains(&id))
}

/// What tells one file from another, whatever its name: its device and
/// inode (elsewhere, its canonical path).
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

/// The identity of an existing file.
fn file_id(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some((m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        path.canonicalize().ok()
    }
}

/// The input that standard output is, when it is a regular file that is
/// also read (`deboiler clean x.jsonl >> x.jsonl`): the run would read its
/// own output until the disk is full.
pub fn stdout_is_an_input(files: &[PathBuf]) -> Option<&Path> {
    #[cfg(unix)]
    {
        use std::os::fd::FromRawFd;
        use std::os::unix::fs::MetadataExt;
        // SAFETY: descriptor 1 stays open; ManuallyDrop never closes it.
        let stdout = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(1) });
        let m = stdout.metadata().ok().filter(|m| m.is_file())?;
        let out = Some((m.dev(), m.ino()));
        (files.iter())
            .filter(|f| *f != Path::new("-"))
            .find(|f| file_id(f) == out)
            .map(PathBuf::as_path)
    }
    #[cfg(not(unix))]
    {
        let _ = files;
        None
    }
}

/// Whether `dir` (existing or not) is `parent` or lies below it.
fn within(dir: &Path, parent: &Path) -> bool {
    let Ok(parent) = parent.canonicalize() else {
        return false;
    };
    // The longest part of `dir` that exists decides.
    let mut existing = dir.to_path_buf();
    while !existing.as_os_str().is_empty() && !existing.exists() {
        existing.pop();
    }
    if existing.as_os_str().is_empty() {
        existing = PathBuf::from(".");
    }
    existing
        .canonicalize()
        .is_ok_and(|c| c.starts_with(&parent))
}

/// Whether two paths, existing or not, name the same place: compared by
/// their canonical parent directory and file name.
fn same_place(a: &Path, b: &Path) -> bool {
    let place = |p: &Path| {
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        (
            parent.canonicalize().unwrap_or(parent),
            p.file_name().map(|n| n.to_owned()),
        )
    };
    place(a) == place(b)
}

/// The output name of one input (see [`plan`]); `whole` keeps the input's
/// extension.
fn mirror(file: &Path, args: &[PathBuf], ext: &str, whole: bool) -> PathBuf {
    if file == Path::new("-") {
        return PathBuf::from(format!("stdin.{ext}"));
    }
    let rel = args
        .iter()
        .filter(|a| a.is_dir())
        .find_map(|a| file.strip_prefix(a).ok())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(file.file_name().unwrap_or_default()));
    let stem = if whole {
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        name.strip_suffix(".gz").unwrap_or(&name).to_string()
    } else {
        deboiler::files::stem(&rel)
    };
    rel.with_file_name(format!("{stem}.{ext}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("deboiler-targets-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn names_mirror_the_inputs_and_colliding_ones_keep_their_extension() {
        let d = scratch("names");
        std::fs::create_dir_all(d.join("in/sub")).unwrap();
        let files: Vec<PathBuf> = ["in/a.html", "in/a.txt.gz", "in/sub/b.html.gz"]
            .iter()
            .map(|f| d.join(f))
            .collect();
        let out = d.join("out");
        let got = plan(&out, &files, &[d.join("in")], "txt", None).unwrap();
        assert_eq!(
            got,
            [
                out.join("a.html.txt"),
                out.join("a.txt.txt"),
                out.join("sub/b.txt")
            ]
        );
        let stdin = plan(&out, &[PathBuf::from("-")], &[], "jsonl", None).unwrap();
        assert_eq!(stdin, [out.join("stdin.jsonl")]);
    }

    #[test]
    fn outputs_never_overwrite_an_input_or_the_rejects_file() {
        let d = scratch("overwrite");
        let input = vec![d.join("x.jsonl")];
        std::fs::write(&input[0], "{}\n").unwrap();
        let err = plan(&d, &input, &input, "jsonl", None).unwrap_err();
        assert!(err.contains("would overwrite the input"), "{err}");
        let err = plan(
            &d.join("out"),
            &input,
            std::slice::from_ref(&d),
            "jsonl",
            None,
        );
        assert!(err.unwrap_err().contains("inside the input directory"));
        let rejects = d.join("out/x.jsonl");
        let err = plan(&d.join("out"), &input, &[], "jsonl", Some(&rejects));
        assert!(err.unwrap_err().contains("--rejects file"));
        assert!(check_rejects(&input[0], &input).is_err());
        assert!(check_rejects(&d.join("rejects.jsonl"), &input).is_ok());
    }
}
