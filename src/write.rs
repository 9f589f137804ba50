//! The only stage that touches the output folder.
//!
//! `plan build` owns its output folder and nothing else. A folder is replaced
//! only when it is absent, empty, or carries the manifest of a previous build
//! and holds nothing that manifest does not list; `--force` replaces any
//! other folder except one that holds an input of the build, the working
//! directory or a git repository. Files are streamed into a staging folder
//! beside the target (`.<name>.plan-new`), and the staging folder is swapped
//! in at the end: in one atomic exchange where the system has one (Linux),
//! else by two renames, after which the previous output waits as
//! `.<name>.plan-old` until it is removed. A build that is killed at any point
//! leaves the old output or the new one in place (or, without an atomic
//! exchange, the old one beside it), and the next build cleans up or restores
//! what it left.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};

use crate::render::{OutputFile, Sink};

/// The manifest `plan build` writes into its output folder: what marks the
/// folder as the build's, and the list of files it may replace.
pub const MANIFEST: &str = ".plan-build";
const MANIFEST_HEADER: &str = "# Written by `plan build`: every build replaces this folder and the files listed here.\n# Anything else in this folder stops the next build (see docs/security.md).\n";
const REVIEW_MANIFEST_HEADER: &str = "# Written by `plan measure`: every review replaces this folder and the files listed here.\n# Anything else in this folder stops the next review (see docs/security.md).\n";

/// What an output folder holds, as its manifest says: each command replaces
/// only a folder of its own kind, so a review never replaces a handbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    /// `plan build`'s site.
    Handbook,
    /// `plan measure -o`'s review.
    Review,
}

impl OutputKind {
    const ALL: [OutputKind; 2] = [OutputKind::Handbook, OutputKind::Review];

    fn header(self) -> &'static str {
        match self {
            OutputKind::Handbook => MANIFEST_HEADER,
            OutputKind::Review => REVIEW_MANIFEST_HEADER,
        }
    }

    /// "a handbook written by `plan build`".
    fn described(self) -> &'static str {
        match self {
            OutputKind::Handbook => "a handbook written by `plan build`",
            OutputKind::Review => "a review written by `plan measure`",
        }
    }
}

/// Why the output folder was not written. All are environment failures
/// (exit 2) when the folder came from the command line.
#[derive(Debug)]
pub enum WriteError {
    /// The folder exists and is not the build's; `--force` replaces it.
    NotOurs {
        dir: PathBuf,
        reason: String,
    },
    /// The folder holds something that must never be replaced, even with `--force`.
    Protected {
        dir: PathBuf,
        reason: String,
    },
    NotAFolder {
        dir: PathBuf,
    },
    /// A folder by the name of the build's staging or previous folder that
    /// the build did not leave there.
    InTheWay {
        dir: PathBuf,
        reason: String,
    },
    Busy {
        dir: PathBuf,
    },
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotOurs { dir, reason } => write!(
                f,
                "refusing to replace `{}`: {reason}\nhelp: choose an empty or new folder with `-o`, or pass `--force` to replace this one and everything in it",
                dir.display()
            ),
            Self::Protected { dir, reason } => write!(
                f,
                "refusing to replace `{}`: {reason}\nhelp: write the output to a folder of its own, such as `site`",
                dir.display()
            ),
            Self::NotAFolder { dir } => write!(
                f,
                "refusing to replace `{}`: it is a file, not a folder\nhelp: choose a folder for the output with `-o`",
                dir.display()
            ),
            Self::InTheWay { dir, reason } => write!(
                f,
                "`{}` is in the way: `plan build` keeps its new or previous output there while it swaps, and {reason}\nhelp: move or rename that folder",
                dir.display()
            ),
            Self::Busy { dir } => write!(
                f,
                "another `plan build` is writing `{}`; try again when it has finished",
                dir.display()
            ),
            Self::Io { path, error } => write!(f, "cannot write `{}`: {error}", path.display()),
        }
    }
}

impl std::error::Error for WriteError {}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |error| WriteError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// `path` as an absolute path with every link that exists resolved: the
/// folder a build would really write, whatever links lead to it. The part
/// that does not exist yet is taken as written (`..` steps back).
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    // The longest leading part that exists; the OS resolves it (links, `..`).
    let components: Vec<Component<'_>> = absolute.components().collect();
    let mut split = components.len();
    while split > 1
        && fs::symlink_metadata(components[..split].iter().collect::<PathBuf>()).is_err()
    {
        split -= 1;
    }
    let mut resolved = components[..split]
        .iter()
        .collect::<PathBuf>()
        .canonicalize()?;
    for component in &components[split..] {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => resolved.push(name),
            _ => {}
        }
    }
    Ok(resolved)
}

/// The paths a build must never replace, nor any folder that holds them:
/// its inputs and the working directory. Every path is resolved.
#[derive(Debug, Default)]
pub struct Protected {
    /// Each resolved path with how a message names it ("the plan `plan.yaml`").
    pub paths: Vec<(PathBuf, String)>,
}

impl Protected {
    /// Why `dir` (resolved) must not be replaced, if it must not. Pure:
    /// compares paths only. `.git` inside the folder is found by [`Output::open`].
    pub fn reason(&self, dir: &Path) -> Option<String> {
        if dir.parent().is_none() {
            return Some("it is the root of the file system".to_string());
        }
        if dir
            .components()
            .any(|c| c.as_os_str().eq_ignore_ascii_case(".git"))
        {
            return Some("it is or is inside a git repository's `.git` folder".to_string());
        }
        self.paths.iter().find_map(|(path, what)| {
            path.starts_with(dir).then(|| {
                if path == dir {
                    format!("it is {what}")
                } else {
                    format!("it holds {what}")
                }
            })
        })
    }
}

/// The output folder being written: a staging folder that becomes the
/// target on [`Output::finish`], or is removed if the build stops first.
pub struct Output {
    target: PathBuf,
    kind: OutputKind,
    staging: PathBuf,
    previous: PathBuf,
    written: Vec<String>,
    /// The files being written in pieces ([`Sink::begin`]).
    pieces: Vec<(String, File)>,
    /// The staging folder is this build's (created by it).
    started: bool,
    finished: bool,
    // Held for the whole build: a second build into the same folder waits its turn.
    _lock: Option<File>,
}

impl Output {
    /// Prepares to replace `target` (resolved): takes the lock, repairs what
    /// a killed build left, and checks that the folder may be replaced.
    pub fn open(target: &Path, force: bool, protected: &Protected) -> Result<Self, WriteError> {
        Self::open_for(target, force, protected, OutputKind::Handbook)
    }

    /// [`Output::open`] for an output of `kind`: a folder of another kind
    /// is not replaced without `force`.
    pub fn open_for(
        target: &Path,
        force: bool,
        protected: &Protected,
        kind: OutputKind,
    ) -> Result<Self, WriteError> {
        if let Some(reason) = protected.reason(target) {
            return Err(WriteError::Protected {
                dir: target.to_path_buf(),
                reason,
            });
        }
        let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(WriteError::Protected {
                dir: target.to_path_buf(),
                reason: "it is the root of the file system".to_string(),
            });
        };
        fs::create_dir_all(parent).map_err(io_at(parent))?;
        // Lock the folder itself when it exists, so builds into sibling
        // folders do not wait for each other; a first build locks the parent.
        let locked = if target.is_dir() { target } else { parent };
        let lock = lock(locked, target)?;
        let sibling = |suffix: &str| {
            let mut file_name = OsString::from(".");
            file_name.push(name);
            file_name.push(suffix);
            parent.join(file_name)
        };
        let output = Self {
            target: target.to_path_buf(),
            kind,
            staging: sibling(".plan-new"),
            previous: sibling(".plan-old"),
            written: Vec::new(),
            started: false,
            finished: false,
            pieces: Vec::new(),
            _lock: lock,
        };
        output.recover(protected)?;
        match ownership(target, Some(kind)).map_err(io_at(target))? {
            Ownership::Absent | Ownership::Empty => return output.start(),
            Ownership::Ours => {}
            Ownership::File => {
                return Err(WriteError::NotAFolder {
                    dir: target.to_path_buf(),
                });
            }
            Ownership::Other(reason) if !force => {
                return Err(WriteError::NotOurs {
                    dir: target.to_path_buf(),
                    reason,
                });
            }
            Ownership::Other(_) => {}
        }
        // Even a folder with a manifest: a build never writes a `.git`.
        if let Some(git) = git_inside(target).map_err(io_at(target))? {
            return Err(WriteError::Protected {
                dir: target.to_path_buf(),
                reason: format!("it holds a git repository (`{}`)", git.display()),
            });
        }
        output.start()
    }

    /// Creates the staging folder, marked as the build's from its first file.
    fn start(mut self) -> Result<Self, WriteError> {
        fs::create_dir_all(&self.staging).map_err(io_at(&self.staging))?;
        self.started = true;
        let marker = self.staging.join(STAGING_MARKER);
        fs::write(&marker, STAGING_MARKER_TEXT).map_err(io_at(&marker))?;
        Ok(self)
    }

    /// What a killed build left beside the target: its staging folder is
    /// removed; its previous output is put back if the target is missing (the
    /// build died between its two renames), else removed. A folder by either
    /// name that the build did not leave stops the build, untouched.
    fn recover(&self, protected: &Protected) -> Result<(), WriteError> {
        for leftover in [&self.staging, &self.previous] {
            if fs::symlink_metadata(leftover).is_err() {
                continue;
            }
            if let Some(reason) = leftover_problem(leftover, protected).map_err(io_at(leftover))? {
                return Err(WriteError::InTheWay {
                    dir: leftover.clone(),
                    reason,
                });
            }
        }
        remove_if_present(&self.staging)?;
        if fs::symlink_metadata(&self.previous).is_ok() {
            if fs::symlink_metadata(&self.target).is_err() {
                fs::rename(&self.previous, &self.target).map_err(io_at(&self.target))?;
            } else {
                remove_if_present(&self.previous)?;
            }
        }
        Ok(())
    }

    /// Writes the manifest and swaps the new output in.
    pub fn finish(mut self) -> Result<Finished, WriteError> {
        let manifest = manifest_of(self.kind, &self.written);
        let path = self.staging.join(MANIFEST);
        fs::write(&path, manifest).map_err(io_at(&path))?;
        let marker = self.staging.join(STAGING_MARKER);
        fs::remove_file(&marker).map_err(io_at(&marker))?;
        let mut kept = None;
        if fs::symlink_metadata(&self.target).is_ok() {
            let old = if exchange(&self.staging, &self.target) {
                self.staging.clone()
            } else {
                fs::rename(&self.target, &self.previous).map_err(io_at(&self.target))?;
                fs::rename(&self.staging, &self.target).map_err(io_at(&self.target))?;
                self.previous.clone()
            };
            kept = self.discard(&old)?;
        } else {
            fs::rename(&self.staging, &self.target).map_err(io_at(&self.target))?;
        }
        self.finished = true;
        Ok(Finished {
            files: self.written.len(),
            kept,
        })
    }

    /// Removes the previous output, unless something appeared in it while
    /// the build ran: then it is kept beside the new one, and why is returned.
    fn discard(&self, old: &Path) -> Result<Option<String>, WriteError> {
        match ownership(old, None).map_err(io_at(old))? {
            Ownership::Ours | Ownership::Absent | Ownership::Empty => {
                remove_if_present(old)?;
                Ok(None)
            }
            Ownership::File => Ok(None),
            Ownership::Other(reason) => {
                if old != self.previous {
                    fs::rename(old, &self.previous).map_err(io_at(&self.previous))?;
                }
                Ok(Some(format!(
                    "the previous output is kept in `{}`: {reason}",
                    self.previous.display()
                )))
            }
        }
    }
}

/// What a finished build wrote.
#[derive(Debug)]
pub struct Finished {
    /// Files written, the manifest not counted.
    pub files: usize,
    /// Why the previous output was kept beside the new one, when it was: a
    /// file appeared in it while the build ran.
    pub kept: Option<String>,
}

/// The marker of a staging folder, the first file a build writes.
const STAGING_MARKER: &str = ".plan-staging";
const STAGING_MARKER_TEXT: &str = "A `plan build` in progress writes here.\n";

/// Why a leftover staging or previous folder is not the build's, if it is not:
/// ours carries the staging marker, or a manifest that lists all it holds,
/// and holds no input of the build nor a git repository.
fn leftover_problem(dir: &Path, protected: &Protected) -> io::Result<Option<String>> {
    if let Some(reason) = protected.reason(dir) {
        return Ok(Some(reason));
    }
    if !fs::symlink_metadata(dir)?.is_dir() {
        return Ok(Some("it is not a folder".to_string()));
    }
    // A build killed while it wrote the marker leaves the start of its text
    // (or none): still ours.
    let marked = fs::symlink_metadata(dir.join(STAGING_MARKER)).is_ok_and(|m| m.is_file())
        && fs::read(dir.join(STAGING_MARKER))
            .is_ok_and(|text| STAGING_MARKER_TEXT.as_bytes().starts_with(&text));
    let ours = marked || matches!(ownership(dir, None)?, Ownership::Ours | Ownership::Empty);
    if !ours {
        return Ok(Some("it was not written by `plan build`".to_string()));
    }
    Ok(git_inside(dir)?.map(|git| format!("it holds a git repository (`{}`)", git.display())))
}

/// A git repository in `dir`: a `.git` anywhere in it (links not followed),
/// or `dir` itself a bare repository.
fn git_inside(dir: &Path) -> io::Result<Option<PathBuf>> {
    let bare = fs::symlink_metadata(dir.join("HEAD")).is_ok_and(|m| m.is_file())
        && dir.join("objects").is_dir()
        && dir.join("refs").is_dir();
    if bare {
        return Ok(Some(dir.to_path_buf()));
    }
    find_git(dir)
}

impl Output {
    /// Where an output path goes in the staging folder, its folder made.
    fn staged(&self, path: &str) -> io::Result<PathBuf> {
        let path = self.staging.join(checked_relative(path)?);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        Ok(path)
    }
}

impl Sink for Output {
    fn put(&mut self, file: OutputFile) -> io::Result<()> {
        fs::write(self.staged(&file.path)?, &file.bytes)?;
        self.written.push(file.path);
        Ok(())
    }

    fn begin(&mut self, path: &str) -> io::Result<()> {
        let file = File::create(self.staged(path)?)?;
        self.pieces.push((path.to_string(), file));
        Ok(())
    }

    fn append(&mut self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let index = begun(&self.pieces, path, |(p, _)| p)?;
        self.pieces[index].1.write_all(bytes)
    }

    fn end(&mut self, path: &str) -> io::Result<()> {
        let index = begun(&self.pieces, path, |(p, _)| p)?;
        let (path, _) = self.pieces.swap_remove(index);
        self.written.push(path);
        Ok(())
    }
}

/// Where the file `path`, begun and not ended, is among `pieces` (a few).
fn begun<T>(pieces: &[T], path: &str, path_of: impl Fn(&T) -> &String) -> io::Result<usize> {
    let index = pieces.iter().position(|piece| path_of(piece) == path);
    index.ok_or_else(|| io::Error::other(format!("a piece of `{path}` came before its beginning")))
}

impl Drop for Output {
    fn drop(&mut self) {
        if self.started && !self.finished {
            // The build failed: the previous output stays as it was.
            let _ = remove_build_folder(&self.staging, &mut |_| {});
        }
    }
}

/// An output path from the renderer, as a relative path that stays inside
/// the output folder (ids are validated, this is the last line of defence).
fn checked_relative(path: &str) -> io::Result<PathBuf> {
    let relative = Path::new(path);
    let plain = !path.is_empty()
        && path != MANIFEST
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if plain {
        Ok(relative.to_path_buf())
    } else {
        Err(io::Error::other(format!(
            "`{path}` is not a file name inside the output folder"
        )))
    }
}

/// The manifest's text for these output paths of a handbook: deterministic, sorted.
pub fn manifest(paths: &[String]) -> Vec<u8> {
    manifest_of(OutputKind::Handbook, paths)
}

fn manifest_of(kind: OutputKind, paths: &[String]) -> Vec<u8> {
    let mut sorted: Vec<&str> = paths.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    let mut text = String::from(kind.header());
    for path in sorted {
        text.push_str(path);
        text.push('\n');
    }
    text.into_bytes()
}

enum Ownership {
    Absent,
    Empty,
    /// Carries the manifest and holds only what it lists.
    Ours,
    File,
    Other(String),
}

/// Whose folder `dir` is: ours when its manifest is of `kind` (of any
/// kind when `None`). Reads at most the manifest and the folder's listing;
/// stops at the first entry the manifest does not list.
fn ownership(dir: &Path, kind: Option<OutputKind>) -> io::Result<Ownership> {
    let metadata = match fs::symlink_metadata(dir) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Ownership::Absent),
        other => other?,
    };
    if !metadata.is_dir() {
        return Ok(Ownership::File);
    }
    if fs::read_dir(dir)?.next().is_none() {
        return Ok(Ownership::Empty);
    }
    let Some((found, listed)) = read_manifest(&dir.join(MANIFEST))? else {
        return Ok(Ownership::Other(format!(
            "it is not empty and was not written by `plan build` (it has no `{MANIFEST}`; an output of an earlier `plan` has none either: pass `--force` once)"
        )));
    };
    if let Some(kind) = kind.filter(|kind| *kind != found) {
        return Ok(Ownership::Other(format!(
            "it holds {}; give {} its own folder",
            found.described(),
            match kind {
                OutputKind::Handbook => "the handbook",
                OutputKind::Review => "the review",
            }
        )));
    }
    let listed = Listing::new(listed.iter().map(String::as_str).chain([MANIFEST]));
    let mut found = Vec::new();
    walk(dir, dir, &mut |relative, is_file| {
        let known = listed.contains(relative, is_file);
        if !known {
            found.push(relative.to_string());
        }
        known
    })?;
    Ok(match found.first() {
        None => Ownership::Ours,
        Some(path) => Ownership::Other(format!(
            "`{path}` in it was not written by `plan build`; move it out of the output folder"
        )),
    })
}

/// A set of output files and the folders that hold them.
struct Listing {
    files: BTreeSet<String>,
    folders: BTreeSet<String>,
}

impl Listing {
    fn new<'a>(paths: impl Iterator<Item = &'a str>) -> Self {
        let mut listing = Self {
            files: BTreeSet::new(),
            folders: BTreeSet::new(),
        };
        for path in paths {
            let mut folder = path;
            while let Some((parent, _)) = folder.rsplit_once('/') {
                listing.folders.insert(parent.to_string());
                folder = parent;
            }
            listing.files.insert(path.to_string());
        }
        listing
    }

    fn contains(&self, relative: &str, is_file: bool) -> bool {
        if is_file {
            self.files.contains(relative)
        } else {
            self.folders.contains(relative)
        }
    }
}

/// The kind and paths a manifest lists, or `None` when the file is not one.
fn read_manifest(path: &Path) -> io::Result<Option<(OutputKind, Vec<String>)>> {
    match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_file() => {}
        Ok(_) => return Ok(None),
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error),
    }
    let mut text = String::new();
    // A manifest lists a site's files; 64 MiB is far beyond any real one.
    let limit = 64 * 1024 * 1024;
    if File::open(path)?
        .take(limit)
        .read_to_string(&mut text)
        .is_err()
    {
        return Ok(None);
    }
    let found = OutputKind::ALL
        .into_iter()
        .find_map(|kind| Some((kind, text.strip_prefix(kind.header())?)));
    let Some((kind, list)) = found else {
        return Ok(None);
    };
    Ok(Some((kind, list.lines().map(str::to_string).collect())))
}

/// Visits every entry under `dir` without following links, depth first in
/// name order; `visit(relative, is_regular_file)` returns whether to go on
/// (a folder it refuses is not entered, and the walk stops).
fn walk(root: &Path, dir: &Path, visit: &mut dyn FnMut(&str, bool) -> bool) -> io::Result<bool> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        entries.push((entry.path(), entry.file_type()?));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in entries {
        let Ok(relative) = path.strip_prefix(root) else {
            continue;
        };
        let relative = slash_path(relative);
        if !visit(&relative, kind.is_file()) {
            return Ok(false);
        }
        if kind.is_dir() && !walk(root, &path, visit)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn slash_path(relative: &Path) -> String {
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// A `.git` anywhere under `dir`, without following links.
fn find_git(dir: &Path) -> io::Result<Option<PathBuf>> {
    let mut found = None;
    walk(dir, dir, &mut |relative, _| {
        let is_git = relative
            .rsplit('/')
            .next()
            .is_some_and(|name| name.eq_ignore_ascii_case(".git"));
        if is_git {
            found = Some(dir.join(relative));
        }
        !is_git
    })?;
    Ok(found)
}

/// Removes a folder the build left (its staging or previous output), or a
/// file by that name.
fn remove_if_present(path: &Path) -> Result<(), WriteError> {
    let result = match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_dir() => remove_build_folder(path, &mut |_| {}),
        Ok(_) => fs::remove_file(path),
        Err(_) => Ok(()),
    };
    match result {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(WriteError::Io {
            path: path.to_path_buf(),
            error,
        }),
        _ => Ok(()),
    }
}

/// Removes a folder the build wrote, its marks (the staging marker, the
/// manifest) last: a build killed at any moment of it leaves a folder still
/// recognisably the build's, which the next build removes. `removed` is told
/// of each entry once it is gone.
fn remove_build_folder(dir: &Path, removed: &mut dyn FnMut(&Path)) -> io::Result<()> {
    let marks = [STAGING_MARKER, MANIFEST];
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if marks.iter().any(|mark| entry.file_name() == *mark) {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(&path)?;
        } else {
            fs::remove_file(&path)?;
        }
        removed(&path);
    }
    for mark in marks {
        let path = dir.join(mark);
        match fs::remove_file(&path) {
            Ok(()) => removed(&path),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
    }
    fs::remove_dir(dir)
}

/// An exclusive lock on the folder that holds the target, for the whole
/// build. Where the system cannot lock a folder, builds are not serialised.
fn lock(parent: &Path, target: &Path) -> Result<Option<File>, WriteError> {
    let Ok(folder) = File::open(parent) else {
        return Ok(None);
    };
    match folder.try_lock() {
        Ok(()) => Ok(Some(folder)),
        Err(fs::TryLockError::WouldBlock) => Err(WriteError::Busy {
            dir: target.to_path_buf(),
        }),
        Err(fs::TryLockError::Error(_)) => Ok(None),
    }
}

/// Swaps two folders in one step, so that the target is never missing.
/// `false` where the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both are valid NUL-terminated paths that outlive the call;
    // renameat2 reads them and touches no memory of ours.
    let status = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    status == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// An in-memory [`Sink`]: the files a build would write, in the order put.
#[derive(Debug, Default)]
pub struct Files {
    pub files: Vec<OutputFile>,
    /// The files being written in pieces, and where they are in `files`.
    pieces: Vec<(String, usize)>,
}

impl Sink for Files {
    fn put(&mut self, file: OutputFile) -> io::Result<()> {
        self.files.push(file);
        Ok(())
    }

    fn begin(&mut self, path: &str) -> io::Result<()> {
        self.pieces.push((path.to_string(), self.files.len()));
        self.files.push(OutputFile {
            path: path.to_string(),
            bytes: Vec::new(),
        });
        Ok(())
    }

    fn append(&mut self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let (_, index) = self.pieces[begun(&self.pieces, path, |(p, _)| p)?];
        self.files[index].bytes.extend_from_slice(bytes);
        Ok(())
    }

    fn end(&mut self, path: &str) -> io::Result<()> {
        let index = begun(&self.pieces, path, |(p, _)| p)?;
        self.pieces.swap_remove(index);
        Ok(())
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

/// `build --check`: compares each file as it is rendered with the one on
/// disk, reading no more than the expected length and following no links.
pub struct Comparison {
    dir: PathBuf,
    expected: Vec<String>,
    staleness: Staleness,
    /// The files being compared in pieces ([`Sink::begin`]).
    pieces: Vec<Compared>,
}

impl Comparison {
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
            expected: Vec::new(),
            staleness: Staleness::default(),
            pieces: Vec::new(),
        }
    }

    /// Compares the manifest and lists what is on disk but not expected.
    pub fn finish(mut self) -> io::Result<Staleness> {
        let manifest = OutputFile {
            path: MANIFEST.to_string(),
            bytes: manifest(&self.expected),
        };
        self.compare(manifest)?;
        let mut extra = Vec::new();
        if fs::symlink_metadata(&self.dir).is_ok_and(|m| m.is_dir()) {
            let expected = Listing::new(self.expected.iter().map(String::as_str).chain([MANIFEST]));
            walk(&self.dir, &self.dir, &mut |relative, is_file| {
                let known = expected.contains(relative, is_file);
                if !known {
                    extra.push(relative.to_string());
                }
                true
            })?;
        }
        let mut staleness = self.staleness;
        staleness.extra = extra;
        staleness.stale.sort();
        staleness.missing.sort();
        Ok(staleness)
    }

    fn compare(&mut self, file: OutputFile) -> io::Result<()> {
        let mut compared = self.open(file.path)?;
        compared.read(&file.bytes)?;
        self.record(compared)
    }

    /// Starts comparing `path` with the file on disk.
    fn open(&self, path: String) -> io::Result<Compared> {
        let full = self.dir.join(checked_relative_or_manifest(&path)?);
        let disk = match fs::symlink_metadata(&full) {
            Ok(metadata) if metadata.is_file() => Ok(File::open(&full)?),
            // A link or a folder where a file belongs is never what a build writes.
            Ok(_) => Err(Verdict::Stale),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Err(Verdict::Missing),
            Err(error) => return Err(error),
        };
        Ok(Compared { path, disk })
    }

    /// Ends a comparison: the file on disk must end where the expected one does.
    fn record(&mut self, compared: Compared) -> io::Result<()> {
        let Compared { path, disk } = compared;
        let verdict = match disk {
            Ok(disk) => {
                let mut more = Vec::new();
                disk.take(1).read_to_end(&mut more)?;
                if more.is_empty() {
                    return Ok(());
                }
                Verdict::Stale
            }
            Err(verdict) => verdict,
        };
        match verdict {
            Verdict::Stale => self.staleness.stale.push(path),
            Verdict::Missing => self.staleness.missing.push(path),
        }
        Ok(())
    }
}

/// A file being compared with the one on disk, piece by piece.
struct Compared {
    path: String,
    /// The file on disk while it matches so far.
    disk: Result<File, Verdict>,
}

enum Verdict {
    Stale,
    Missing,
}

impl Compared {
    /// Reads as many bytes from disk as `expected` has, no more: a huge
    /// file on disk costs what the expected one does.
    fn read(&mut self, expected: &[u8]) -> io::Result<()> {
        if let Ok(disk) = &mut self.disk {
            let mut bytes = Vec::with_capacity(expected.len());
            disk.take(expected.len() as u64).read_to_end(&mut bytes)?;
            if bytes != expected {
                self.disk = Err(Verdict::Stale);
            }
        }
        Ok(())
    }
}

fn checked_relative_or_manifest(path: &str) -> io::Result<PathBuf> {
    if path == MANIFEST {
        Ok(PathBuf::from(MANIFEST))
    } else {
        checked_relative(path)
    }
}

impl Sink for Comparison {
    fn put(&mut self, file: OutputFile) -> io::Result<()> {
        self.expected.push(file.path.clone());
        self.compare(file)
    }

    fn begin(&mut self, path: &str) -> io::Result<()> {
        self.expected.push(path.to_string());
        let compared = self.open(path.to_string())?;
        self.pieces.push(compared);
        Ok(())
    }

    fn append(&mut self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let index = begun(&self.pieces, path, |c| &c.path)?;
        self.pieces[index].read(bytes)
    }

    fn end(&mut self, path: &str) -> io::Result<()> {
        let index = begun(&self.pieces, path, |c| &c.path)?;
        let compared = self.pieces.swap_remove(index);
        self.record(compared)
    }
}

/// The sibling `write_file` writes through: `.plan.lock.plan-new`.
fn temporary_name(name: &std::ffi::OsStr) -> OsString {
    let mut temporary = OsString::from(".");
    temporary.push(name);
    temporary.push(".plan-new");
    temporary
}

/// Removes the temporary sibling a `write_file` of `path` killed midway
/// left, if there is one (a file by that name is only ever ours).
pub fn remove_temporary(path: &Path) {
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let temporary = parent.join(temporary_name(name));
    if fs::symlink_metadata(&temporary).is_ok_and(|m| m.is_file()) {
        let _ = fs::remove_file(temporary);
    }
}

/// Writes `bytes` to `path` through a sibling temporary file renamed into
/// place: a reader never sees half a file, and a link at `path` is replaced,
/// not written through. With `overwrite` false an existing path is refused.
pub fn write_file(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), WriteError> {
    if !overwrite && fs::symlink_metadata(path).is_ok() {
        return Err(WriteError::Io {
            path: path.to_path_buf(),
            error: io::Error::new(io::ErrorKind::AlreadyExists, "it exists already"),
        });
    }
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(WriteError::Io {
            path: path.to_path_buf(),
            error: io::Error::other("it names no file"),
        });
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let temporary = parent.join(temporary_name(name));
    let written = File::create(&temporary)
        .and_then(|mut file| file.write_all(bytes))
        .and_then(|()| fs::rename(&temporary, path));
    if let Err(error) = written {
        let _ = fs::remove_file(&temporary);
        return Err(WriteError::Io {
            path: path.to_path_buf(),
            error,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("commplan-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir.canonicalize().unwrap()
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn build(site: &Path, files: &[(&str, &str)]) -> Result<usize, WriteError> {
        let mut output = Output::open(site, false, &Protected::default())?;
        for (path, text) in files {
            output.put(file(path, text)).unwrap();
        }
        output.finish().map(|finished| finished.files)
    }

    #[test]
    fn a_folder_of_one_kind_is_not_replaced_by_an_output_of_the_other() {
        let root = scratch("kinds");
        let site = root.join("site");
        build(&site, &[("index.html", "<p>handbook</p>")]).unwrap();
        let review = |force| {
            let mut output =
                Output::open_for(&site, force, &Protected::default(), OutputKind::Review)?;
            output.put(file("review.md", "# review")).unwrap();
            output.finish().map(|finished| finished.files)
        };
        let Err(WriteError::NotOurs { reason, .. }) = review(false) else {
            panic!("a review replaced a handbook")
        };
        assert_eq!(
            reason,
            "it holds a handbook written by `plan build`; give the review its own folder"
        );
        assert!(site.join("index.html").is_file());
        assert_eq!(review(true).unwrap(), 1);
        // Now a review: a second review replaces it, a build does not.
        assert_eq!(review(false).unwrap(), 1);
        let Err(WriteError::NotOurs { reason, .. }) = build(&site, &[("index.html", "")]) else {
            panic!("a build replaced a review")
        };
        assert!(
            reason.starts_with("it holds a review written by `plan measure`"),
            "{reason}"
        );
        assert!(site.join("review.md").is_file());
        fs::remove_dir_all(&root).unwrap();
    }

    /// Puts each file in pieces of `piece` bytes, the files interleaved.
    fn put_in_pieces(sink: &mut dyn Sink, files: &[(&str, &str)], piece: usize) {
        for (path, _) in files {
            sink.begin(path).unwrap();
        }
        let longest = files.iter().map(|(_, text)| text.len()).max().unwrap_or(0);
        for start in (0..longest).step_by(piece) {
            for (path, text) in files {
                let bytes = text.as_bytes();
                if start < bytes.len() {
                    let end = (start + piece).min(bytes.len());
                    sink.append(path, &bytes[start..end]).unwrap();
                }
            }
        }
        for (path, _) in files {
            sink.end(path).unwrap();
        }
    }

    #[test]
    fn files_put_in_pieces_are_written_and_compared_whole() {
        let site = scratch("pieces").join("site");
        let files = [("tasks.csv", "a,b\r\n1,2\r\n"), ("plan.json", "{\n}\n")];
        let mut output = Output::open(&site, false, &Protected::default()).unwrap();
        put_in_pieces(&mut output, &files, 3);
        output.put(file("index.html", "<p>")).unwrap();
        assert_eq!(output.finish().unwrap().files, 3);
        assert_eq!(
            fs::read_to_string(site.join("tasks.csv")).unwrap(),
            files[0].1
        );
        assert_eq!(
            fs::read_to_string(site.join("plan.json")).unwrap(),
            files[1].1
        );

        let compare = |files: &[(&str, &str)]| {
            let mut comparison = Comparison::new(&site);
            put_in_pieces(&mut comparison, files, 2);
            comparison.put(file("index.html", "<p>")).unwrap();
            comparison.finish().unwrap()
        };
        assert!(compare(&files).is_current());
        // Shorter, longer, different and missing files are each found.
        let stale = compare(&[
            ("tasks.csv", "a,b\r\n1,2"),
            ("plan.json", "{\n}\n\n"),
            ("new.csv", "x"),
        ]);
        // The manifest lists other files now.
        assert_eq!(stale.stale, [MANIFEST, "plan.json", "tasks.csv"]);
        assert_eq!(stale.missing, ["new.csv"]);
        let changed = compare(&[("tasks.csv", "a,b\r\n1,3\r\n"), ("plan.json", "{\n}\n")]);
        assert_eq!(changed.stale, ["tasks.csv"]);

        let mut memory = Files::default();
        put_in_pieces(&mut memory, &files, 4);
        assert_eq!(
            memory.files,
            [file("tasks.csv", files[0].1), file("plan.json", files[1].1)]
        );
        assert!(
            memory.append("other", b"x").is_err(),
            "a piece needs its beginning"
        );
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_build_replaces_its_own_folder_and_check_sees_the_difference() {
        let root = scratch("replace");
        let site = root.join("site");
        assert_eq!(
            build(&site, &[("a.txt", "one"), ("sub/b.txt", "two")]).unwrap(),
            2
        );
        let mut check = Comparison::new(&site);
        check.put(file("a.txt", "one")).unwrap();
        check.put(file("sub/b.txt", "two")).unwrap();
        assert!(check.finish().unwrap().is_current());

        build(&site, &[("a.txt", "uno")]).unwrap();
        assert!(
            !site.join("sub").exists(),
            "the old output is replaced, not merged"
        );
        let mut check = Comparison::new(&site);
        check.put(file("a.txt", "one")).unwrap();
        check.put(file("c.txt", "three")).unwrap();
        let staleness = check.finish().unwrap();
        assert_eq!(staleness.stale, [MANIFEST, "a.txt"]);
        assert_eq!(staleness.missing, ["c.txt"]);
        assert!(staleness.extra.is_empty());
        assert_eq!(names(&root), ["site"]);
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_manifest_is_sorted_and_marks_the_folder() {
        assert_eq!(
            String::from_utf8(manifest(&["b".to_string(), "a/c".to_string()])).unwrap(),
            format!("{MANIFEST_HEADER}a/c\nb\n")
        );
        let root = scratch("marker");
        let site = root.join("site");
        fs::create_dir_all(&site).unwrap();
        fs::write(site.join(MANIFEST), "my notes\n").unwrap();
        assert!(matches!(build(&site, &[]), Err(WriteError::NotOurs { .. })));
        assert_eq!(
            fs::read_to_string(site.join(MANIFEST)).unwrap(),
            "my notes\n"
        );
        fs::remove_dir_all(&root).unwrap();
    }

    /// The states a killed build can leave, and what the next build makes of them.
    #[test]
    fn the_next_build_repairs_what_a_killed_build_left() {
        let root = scratch("recover");
        let site = root.join("site");
        build(&site, &[("a.txt", "old")]).unwrap();

        // Killed while writing: a half-written staging folder.
        let staging = root.join(".site.plan-new");
        fs::create_dir_all(staging.join("half")).unwrap();
        fs::write(staging.join(STAGING_MARKER), STAGING_MARKER_TEXT).unwrap();
        build(&site, &[("a.txt", "new")]).unwrap();
        assert_eq!(names(&root), ["site"]);

        // Killed while it wrote the marker: an empty or cut marker.
        for cut in [0, 10] {
            fs::create_dir_all(&staging).unwrap();
            fs::write(staging.join(STAGING_MARKER), &STAGING_MARKER_TEXT[..cut]).unwrap();
            build(&site, &[("a.txt", "new")]).unwrap();
            assert_eq!(names(&root), ["site"], "a marker cut at {cut} bytes");
        }

        // Killed between the two renames (systems without an atomic exchange):
        // the previous output waits beside a missing target.
        fs::rename(&site, root.join(".site.plan-old")).unwrap();
        fs::create_dir_all(&staging).unwrap();
        fs::write(staging.join(STAGING_MARKER), STAGING_MARKER_TEXT).unwrap();
        let output = Output::open(&site, false, &Protected::default()).unwrap();
        assert_eq!(
            fs::read_to_string(site.join("a.txt")).unwrap(),
            "new",
            "restored"
        );
        drop(output);
        assert_eq!(names(&root), ["site"]);

        // Killed after the swap, before the old output was removed.
        fs::create_dir_all(root.join(".site.plan-old/calendars")).unwrap();
        fs::write(root.join(".site.plan-old/calendars/plan.ics"), "old").unwrap();
        fs::write(
            root.join(".site.plan-old").join(MANIFEST),
            manifest(&["calendars/plan.ics".to_string()]),
        )
        .unwrap();
        build(&site, &[("a.txt", "newer")]).unwrap();
        assert_eq!(names(&root), ["site"]);
        assert_eq!(fs::read_to_string(site.join("a.txt")).unwrap(), "newer");
        fs::remove_dir_all(&root).unwrap();
    }

    /// Removing a leftover is itself killed at any moment: what is left is
    /// still the build's, for the next build to remove. A failing CI run
    /// caught the old `remove_dir_all` taking the manifest first.
    #[test]
    fn a_leftover_stays_the_builds_while_it_is_removed() {
        let root = scratch("removing");
        let files: Vec<String> = ["a.txt", "b/c.txt", "b/d/e.txt", "z.txt"]
            .map(str::to_string)
            .to_vec();
        for marked in [false, true] {
            let dir = root.join(".site.plan-old");
            for file in &files {
                let path = dir.join(file);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, file).unwrap();
            }
            fs::write(dir.join(MANIFEST), manifest(&files)).unwrap();
            if marked {
                fs::write(dir.join(STAGING_MARKER), STAGING_MARKER_TEXT).unwrap();
            }
            let mut steps = 0;
            remove_build_folder(&dir, &mut |path| {
                steps += 1;
                let problem = leftover_problem(&dir, &Protected::default()).unwrap();
                assert_eq!(problem, None, "after removing {}", path.display());
            })
            .unwrap();
            assert_eq!(
                steps,
                4 + usize::from(marked),
                "three entries and the marks"
            );
            assert!(!dir.exists());
        }
        fs::remove_dir_all(&root).unwrap();
    }

    /// A user's folder that happens to carry the name of a leftover is
    /// never removed: it stops the build, untouched.
    #[test]
    fn a_folder_by_a_leftovers_name_that_the_build_did_not_leave_stops_it() {
        let root = scratch("in-the-way");
        let site = root.join("site");
        for name in [".site.plan-new", ".site.plan-old"] {
            fs::create_dir_all(root.join(name)).unwrap();
            fs::write(root.join(name).join("plan.yaml"), "mine").unwrap();
            assert!(matches!(
                build(&site, &[]),
                Err(WriteError::InTheWay { .. })
            ));
            assert_eq!(
                fs::read_to_string(root.join(name).join("plan.yaml")).unwrap(),
                "mine"
            );
            fs::remove_dir_all(root.join(name)).unwrap();
        }
        fs::remove_dir_all(&root).unwrap();
    }

    /// What appears in the output folder while a build runs is not lost.
    #[test]
    fn a_file_added_during_the_build_keeps_the_previous_output() {
        let root = scratch("added-during");
        let site = root.join("site");
        build(&site, &[("a.txt", "old")]).unwrap();
        let mut output = Output::open(&site, false, &Protected::default()).unwrap();
        output.put(file("a.txt", "new")).unwrap();
        fs::write(site.join("notes.md"), "written meanwhile").unwrap();
        let finished = output.finish().unwrap();
        assert!(finished.kept.unwrap().contains("`notes.md` in it"));
        assert_eq!(fs::read_to_string(site.join("a.txt")).unwrap(), "new");
        let kept = root.join(".site.plan-old/notes.md");
        assert_eq!(fs::read_to_string(kept).unwrap(), "written meanwhile");
        // The next build does not remove it either.
        assert!(matches!(
            build(&site, &[]),
            Err(WriteError::InTheWay { .. })
        ));
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_manifest_never_lets_a_git_repository_be_replaced() {
        let root = scratch("forged");
        let site = root.join("site");
        fs::create_dir_all(site.join(".git")).unwrap();
        fs::write(site.join(".git/HEAD"), "ref").unwrap();
        fs::write(site.join(MANIFEST), manifest(&[".git/HEAD".to_string()])).unwrap();
        assert!(matches!(
            build(&site, &[]),
            Err(WriteError::Protected { .. })
        ));
        assert!(site.join(".git/HEAD").exists());

        let bare = root.join("bare.git");
        for folder in ["objects", "refs"] {
            fs::create_dir_all(bare.join(folder)).unwrap();
        }
        fs::write(bare.join("HEAD"), "ref").unwrap();
        let forced = Output::open(&bare, true, &Protected::default());
        assert!(matches!(forced, Err(WriteError::Protected { .. })));
        assert!(bare.join("HEAD").exists());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_failed_build_leaves_the_previous_output_and_no_staging() {
        let root = scratch("failed");
        let site = root.join("site");
        build(&site, &[("a.txt", "old")]).unwrap();
        let mut output = Output::open(&site, false, &Protected::default()).unwrap();
        output.put(file("a.txt", "half")).unwrap();
        assert!(output.put(file("../escape.txt", "x")).is_err());
        drop(output);
        assert_eq!(names(&root), ["site"]);
        assert_eq!(fs::read_to_string(site.join("a.txt")).unwrap(), "old");
        fs::remove_dir_all(&root).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_second_build_into_the_same_folder_waits_its_turn() {
        let root = scratch("busy");
        let site = root.join("site");
        let first = Output::open(&site, false, &Protected::default()).unwrap();
        assert!(matches!(
            Output::open(&site, false, &Protected::default()),
            Err(WriteError::Busy { .. })
        ));
        drop(first);
        assert!(Output::open(&site, false, &Protected::default()).is_ok());
        fs::remove_dir_all(&root).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn resolving_follows_links_and_steps_back_in_the_part_not_yet_there() {
        let root = scratch("resolve");
        fs::create_dir_all(root.join("outside")).unwrap();
        fs::create_dir_all(root.join("repo")).unwrap();
        std::os::unix::fs::symlink("../outside", root.join("repo/link")).unwrap();
        assert_eq!(
            resolve(&root.join("repo/link/x")).unwrap(),
            root.join("outside/x")
        );
        assert_eq!(
            resolve(&root.join("repo/new/../site")).unwrap(),
            root.join("repo/site")
        );
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn protected_paths_and_the_folders_that_hold_them_are_refused() {
        let protected = Protected {
            paths: vec![(
                PathBuf::from("/work/repo/plan.yaml"),
                "the plan".to_string(),
            )],
        };
        assert_eq!(
            protected.reason(Path::new("/work/repo/plan.yaml")).unwrap(),
            "it is the plan"
        );
        assert_eq!(
            protected.reason(Path::new("/work")).unwrap(),
            "it holds the plan"
        );
        assert!(protected.reason(Path::new("/work/repo/site")).is_none());
        assert!(
            protected
                .reason(Path::new("/work/repo/.Git/site"))
                .is_some()
        );
        assert!(protected.reason(Path::new("/")).is_some());
    }
}
