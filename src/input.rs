//! The one way `plan` reads files it is given: plans, `--previous` plans,
//! template folders, (for `build --check`) a previous output and the
//! folders `plan measure` reads.
//!
//! Every read is bounded by what is read, never by what the file system
//! says the size is: `/dev/zero`, a FIFO or a file that grows while it is read
//! report a size of 0 and would otherwise be read until memory runs out.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Why an input could not be read. Always an environment failure (exit 2):
/// a plan that is merely too large is a diagnostic (see `load`).
#[derive(Debug)]
pub enum InputError {
    Io {
        path: PathBuf,
        error: io::Error,
    },
    /// A special file (device, FIFO) gave more than the limit.
    Unbounded {
        path: PathBuf,
        limit: u64,
    },
    /// A template file is a link that leaves the template folder, or is not a file.
    OutsideTemplates {
        path: PathBuf,
        target: PathBuf,
    },
    /// The file is a link that leaves the folder it is in.
    LinkOutside {
        path: PathBuf,
        target: PathBuf,
    },
    /// A file that reports no size but has content: a `/proc` file.
    Pseudo {
        path: PathBuf,
    },
    NotAFile {
        path: PathBuf,
    },
    TooLarge {
        path: PathBuf,
        limit: u64,
    },
    TooMany {
        dir: PathBuf,
        limit: usize,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, error } => write!(f, "cannot read `{}`: {error}", path.display()),
            Self::Unbounded { path, limit } => write!(
                f,
                "`{}` is not a regular file and gives more than {limit} bytes; nothing was read past that",
                path.display()
            ),
            Self::OutsideTemplates { path, target } => write!(
                f,
                "template `{}` is a link to `{}`, outside the template folder\nhelp: template overrides must be files inside the template folder; copy the file in instead of linking it",
                path.display(),
                target.display()
            ),
            Self::NotAFile { path } => write!(
                f,
                "template `{}` is not a regular file\nhelp: a template folder holds template files and folders of them; linked folders are not followed",
                path.display()
            ),
            Self::LinkOutside { path, target } => write!(
                f,
                "`{}` is a link to `{}`, outside the folder it is in; it is not read\nhelp: a link in a repository could otherwise make `plan` print any file of the machine (keys, `/proc/self/environ`); pass the real path instead",
                path.display(),
                target.display()
            ),
            Self::Pseudo { path } => write!(
                f,
                "`{}` is not an ordinary file (it reports no size but has content, as the files under `/proc` do); it is not read",
                path.display()
            ),
            Self::TooLarge { path, limit } => write!(
                f,
                "`{}` is larger than {limit} bytes, the limit for a template file",
                path.display()
            ),
            Self::TooMany { dir, limit } => write!(
                f,
                "`{}` holds more than {limit} files; a template folder holds the few templates it overrides",
                dir.display()
            ),
        }
    }
}

impl std::error::Error for InputError {}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> InputError + '_ {
    move |error| InputError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// The text of the lock at `path`, or `None` when there is none yet.
pub fn read_lock(path: &Path) -> Result<Option<String>, InputError> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(None);
    }
    // A lock holds a line per event: 64 MiB is far beyond any plan's.
    match read_bounded(path, 64 * 1024 * 1024)? {
        Contents::Bytes(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Contents::TooLarge(_) => Err(InputError::Io {
            path: path.to_path_buf(),
            error: io::Error::other("it is larger than any lock `plan build` writes"),
        }),
    }
}

/// What a bounded read found.
#[derive(Debug)]
pub enum Contents {
    Bytes(Vec<u8>),
    /// A regular file larger than the limit: its length, nothing read.
    TooLarge(u64),
}

/// Reads `path` but never more than `limit` bytes. A regular file larger
/// than the limit is reported by its length without reading it; any other
/// file (device, FIFO, `/proc`) that gives more is an error.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Contents, InputError> {
    check_link(path)?;
    let file = File::open(path).map_err(io_error(path))?;
    let metadata = file.metadata().map_err(io_error(path))?;
    if metadata.is_dir() {
        return Err(InputError::Io {
            path: path.to_path_buf(),
            error: io::Error::other("it is a folder, not a file"),
        });
    }
    if metadata.is_file() && metadata.len() > limit {
        return Ok(Contents::TooLarge(metadata.len()));
    }
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_error(path))?;
    if metadata.is_file() && metadata.len() == 0 && !bytes.is_empty() {
        return Err(InputError::Pseudo {
            path: path.to_path_buf(),
        });
    }
    if bytes.len() as u64 > limit {
        return if metadata.is_file() {
            // It grew while being read.
            Ok(Contents::TooLarge(bytes.len() as u64))
        } else {
            Err(InputError::Unbounded {
                path: path.to_path_buf(),
                limit,
            })
        };
    }
    Ok(Contents::Bytes(bytes))
}

/// A folder of inputs read file by file (a Slack export), with names
/// relative to it, `/`-separated. Each file is read with [`read_bounded`].
pub struct InputFolder {
    root: PathBuf,
}

impl InputFolder {
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
        }
    }

    /// Whether `relative` is there (a file, a folder or a link).
    pub fn has(&self, relative: &str) -> bool {
        std::fs::symlink_metadata(self.root.join(relative)).is_ok()
    }

    /// The names of the folders (`folders`) or else the other entries in
    /// `relative` (`""`: the folder itself), in byte order; names that are
    /// not UTF-8 are left out, and a linked folder is no folder (no loops).
    pub fn entries(&self, relative: &str, folders: bool) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(self.root.join(relative))? {
            let entry = entry?;
            if entry.file_type()?.is_dir() != folders {
                continue;
            }
            if let Ok(name) = entry.file_name().into_string() {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }

    /// The names of the links to folders in `relative`, in byte order:
    /// [`Self::entries`] does not follow them (a loop, or a folder outside
    /// the input), so a reader can name each as not read.
    pub fn linked_folders(&self, relative: &str) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(self.root.join(relative))? {
            let entry = entry?;
            let to_folder = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
            if !entry.file_type()?.is_symlink() || !to_folder {
                continue;
            }
            if let Ok(name) = entry.file_name().into_string() {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }

    /// The file at `relative`, at most `limit` bytes.
    pub fn read(&self, relative: &str, limit: u64) -> Result<Contents, InputError> {
        read_bounded(&self.root.join(relative), limit)
    }
}

/// A link must lead into the folder that holds it, or below: a committed
/// `plan.yaml -> /proc/self/environ` or `-> ~/.ssh/id_rsa` would otherwise be
/// read and quoted in diagnostics. A path the user names under `/dev/`
/// (`/dev/stdin`, process substitution) is theirs to choose.
fn check_link(path: &Path) -> Result<(), InputError> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link || path.starts_with("/dev") {
        return Ok(());
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let (Ok(target), Ok(folder)) = (path.canonicalize(), folder.canonicalize()) else {
        // A link that leads nowhere fails when it is opened, with the system's words.
        return Ok(());
    };
    if target.starts_with(&folder) {
        Ok(())
    } else {
        Err(InputError::LinkOutside {
            path: path.to_path_buf(),
            target,
        })
    }
}

/// The most one template file may hold; the built-in handbook is 20 KB.
pub const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;
/// The most files a template folder may hold.
pub const MAX_TEMPLATE_FILES: usize = 1000;

/// Every file under a template folder, by its name relative to the folder
/// with `/`. Only regular files whose real path lies inside the folder are
/// read: a link to `/proc/self/environ` or `/etc/passwd` would otherwise
/// publish the machine's secrets in the handbook. Linked folders are not
/// followed (no loops); links to files inside the folder are.
pub fn read_template_dir(dir: &Path) -> Result<BTreeMap<String, String>, InputError> {
    let root = dir.canonicalize().map_err(io_error(dir))?;
    let mut templates = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(folder) = stack.pop() {
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(&folder).map_err(io_error(&folder))? {
            entries.push(entry.map_err(io_error(&folder))?.path());
        }
        entries.sort();
        for path in entries {
            let kind = std::fs::symlink_metadata(&path).map_err(io_error(&path))?;
            if kind.is_dir() {
                stack.push(path);
                continue;
            }
            let real = path.canonicalize().map_err(io_error(&path))?;
            if !real.starts_with(&root) {
                return Err(InputError::OutsideTemplates { path, target: real });
            }
            if !std::fs::metadata(&real).map_err(io_error(&path))?.is_file() {
                return Err(InputError::NotAFile { path });
            }
            if templates.len() >= MAX_TEMPLATE_FILES {
                return Err(InputError::TooMany {
                    dir: dir.to_path_buf(),
                    limit: MAX_TEMPLATE_FILES,
                });
            }
            let bytes = match read_bounded(&real, MAX_TEMPLATE_BYTES)? {
                Contents::Bytes(bytes) => bytes,
                Contents::TooLarge(_) => {
                    return Err(InputError::TooLarge {
                        path,
                        limit: MAX_TEMPLATE_BYTES,
                    });
                }
            };
            let text = String::from_utf8(bytes).map_err(|_| InputError::Io {
                path: path.clone(),
                error: io::Error::other("it is not UTF-8 text"),
            })?;
            let Ok(relative) = path.strip_prefix(&root) else {
                continue;
            };
            let name: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            templates.insert(name.join("/"), text);
        }
    }
    Ok(templates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("commplan-input-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_their_folder_and_proc_files_are_not_read() {
        let dir = scratch("links");
        std::fs::create_dir_all(dir.join("plans")).unwrap();
        std::fs::write(dir.join("plans/2026.yaml"), "version: 1\n").unwrap();
        std::os::unix::fs::symlink("plans/2026.yaml", dir.join("plan.yaml")).unwrap();
        assert!(matches!(
            read_bounded(&dir.join("plan.yaml"), 100).unwrap(),
            Contents::Bytes(_)
        ));
        for target in ["/proc/self/environ", "/etc/hostname", "../outside.yaml"] {
            let link = dir.join("plans/link.yaml");
            let _ = std::fs::remove_file(&link);
            std::fs::write(dir.join("outside.yaml"), "secret").unwrap();
            std::os::unix::fs::symlink(target, &link).unwrap();
            let error = read_bounded(&link, 100).unwrap_err();
            assert!(
                matches!(error, InputError::LinkOutside { .. }),
                "{target}: {error}"
            );
        }
        let error = read_bounded(Path::new("/proc/self/environ"), 1 << 20).unwrap_err();
        assert!(matches!(error, InputError::Pseudo { .. }), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_regular_file_over_the_limit_is_measured_not_read() {
        let dir = scratch("large");
        let file = dir.join("big.yaml");
        std::fs::write(&file, vec![b'x'; 100]).unwrap();
        assert!(matches!(
            read_bounded(&file, 99).unwrap(),
            Contents::TooLarge(100)
        ));
        assert!(matches!(read_bounded(&file, 100).unwrap(), Contents::Bytes(b) if b.len() == 100));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_device_that_never_ends_stops_at_the_limit() {
        let error = read_bounded(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(
            matches!(error, InputError::Unbounded { limit: 1024, .. }),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn template_links_out_of_the_folder_are_refused_and_links_inside_are_read() {
        let dir = scratch("templates");
        std::fs::create_dir_all(dir.join("tpl/partials")).unwrap();
        std::fs::write(dir.join("tpl/partials/style.css"), "body {}").unwrap();
        std::os::unix::fs::symlink("partials/style.css", dir.join("tpl/extra.css")).unwrap();
        let read = read_template_dir(&dir.join("tpl")).unwrap();
        assert_eq!(
            read.keys().collect::<Vec<_>>(),
            ["extra.css", "partials/style.css"]
        );

        std::os::unix::fs::symlink("/etc/passwd", dir.join("tpl/handbook.html.j2")).unwrap();
        let error = read_template_dir(&dir.join("tpl")).unwrap_err();
        assert!(
            matches!(error, InputError::OutsideTemplates { .. }),
            "{error}"
        );
        std::fs::remove_file(dir.join("tpl/handbook.html.j2")).unwrap();

        std::os::unix::fs::symlink("/dev/zero", dir.join("tpl/handbook.md.j2")).unwrap();
        assert!(read_template_dir(&dir.join("tpl")).is_err());
        std::fs::remove_file(dir.join("tpl/handbook.md.j2")).unwrap();

        // A linked folder is not followed, so a loop cannot trap the reader.
        std::os::unix::fs::symlink(".", dir.join("tpl/loop")).unwrap();
        assert!(matches!(
            read_template_dir(&dir.join("tpl")).unwrap_err(),
            InputError::NotAFile { .. }
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
