//! The only stage that touches the output folder. A build renders everything
//! in memory first; this writes it into a fresh folder beside the target and
//! swaps it in, so a failed build leaves the previous output untouched.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::render::OutputFile;

/// Replaces `dir` with exactly `files`.
pub fn replace_dir(dir: &Path, files: &[OutputFile]) -> io::Result<()> {
    let parent = match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("site");
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let previous = parent.join(format!(".{name}.old-{}", std::process::id()));
    remove_if_present(&staging)?;
    let written = write_all(&staging, files);
    if let Err(error) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    let had_previous = dir.exists();
    if had_previous {
        remove_if_present(&previous)?;
        fs::rename(dir, &previous)?;
    }
    if let Err(error) = fs::rename(&staging, dir) {
        // Put the previous output back; the new one is lost, the old one is not.
        if had_previous {
            let _ = fs::rename(&previous, dir);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    if had_previous {
        fs::remove_dir_all(&previous)?;
    }
    Ok(())
}

fn write_all(root: &Path, files: &[OutputFile]) -> io::Result<()> {
    fs::create_dir_all(root)?;
    for file in files {
        let path = root.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, &file.bytes)?;
    }
    Ok(())
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// How the files on disk differ from what a build would write.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Staleness {
    pub stale: Vec<String>,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
}

impl Staleness {
    pub fn is_current(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// Compares `dir` with `files` without writing anything.
pub fn compare_dir(dir: &Path, files: &[OutputFile]) -> io::Result<Staleness> {
    let mut staleness = Staleness::default();
    for file in files {
        match fs::read(dir.join(&file.path)) {
            Ok(bytes) if bytes == file.bytes => {}
            Ok(_) => staleness.stale.push(file.path.clone()),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                staleness.missing.push(file.path.clone())
            }
            Err(error) => return Err(error),
        }
    }
    let mut on_disk = Vec::new();
    list_files(dir, dir, &mut on_disk)?;
    staleness.extra = on_disk
        .into_iter()
        .filter(|path| !files.iter().any(|f| &f.path == path))
        .collect();
    staleness.extra.sort();
    Ok(staleness)
}

fn list_files(root: &Path, dir: &Path, found: &mut Vec<String>) -> io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            list_files(root, &path, found)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            found.push(parts.join("/"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_build_replaces_the_folder_and_check_sees_the_difference() {
        let root = std::env::temp_dir().join(format!("commplan-write-{}", std::process::id()));
        let site = root.join("site");
        let _ = fs::remove_dir_all(&root);
        replace_dir(&site, &[file("a.txt", "one"), file("sub/b.txt", "two")]).unwrap();
        assert!(
            compare_dir(&site, &[file("a.txt", "one"), file("sub/b.txt", "two")])
                .unwrap()
                .is_current()
        );
        replace_dir(&site, &[file("a.txt", "uno")]).unwrap();
        assert!(
            !site.join("sub/b.txt").exists(),
            "the old output is replaced, not merged"
        );
        let staleness =
            compare_dir(&site, &[file("a.txt", "one"), file("c.txt", "three")]).unwrap();
        assert_eq!(staleness.stale, ["a.txt"]);
        assert_eq!(staleness.missing, ["c.txt"]);
        assert!(staleness.extra.is_empty());
        let leftovers: Vec<_> = fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["site"]);
        fs::remove_dir_all(&root).unwrap();
    }
}
