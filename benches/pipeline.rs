//! The pipeline against its floor, run on demand:
//! `cargo bench --bench pipeline [-- ROUNDS]`.
//!
//! Generates the benchmark plan of issue 11 at 1,000 and 10,000 meetings,
//! then, in interleaved rounds (3 by default), times as separate processes:
//! - the floor: serde-saphyr parsing the file into a generic tree;
//! - `plan lint` (human output) and `plan lint --format json`;
//! - `plan build -o DIR`, DIR on a RAM disk (`/dev/shm`) where there is one.
//!
//! Prints the median time and peak memory of each, their ratio to the floor,
//! the growth from 1,000 to 10,000 meetings, and the files and bytes the
//! build wrote. Not a test: it fails nothing; the figures go into
//! docs/ARCHITECTURE.md with the machine they came from.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark fails loudly"
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const SIZES: [usize; 2] = [1_000, 10_000];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The floor runs as its own process, so that its memory is its own.
    if let [flag, file] = args.as_slice()
        && flag == "--floor"
    {
        floor(Path::new(file));
        return;
    }
    // `--stages FILE`: where a lint's time goes, stage by stage, in-process.
    if let [flag, file] = args.as_slice()
        && flag == "--stages"
    {
        stages(Path::new(file));
        return;
    }
    let rounds = args
        .iter()
        .find_map(|a| a.parse::<usize>().ok())
        .unwrap_or(3)
        .max(1);
    let work = work_folder();
    println!(
        "benchmark plan, {rounds} interleaved rounds; outputs under {}",
        work.display()
    );
    let mut results = Vec::new();
    for meetings in SIZES {
        let folder = work.join(format!("m{meetings}"));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
        let plan = folder.join("plan.yaml");
        let text = benchmark_plan(meetings);
        std::fs::write(&plan, &text).unwrap_or_else(|e| panic!("{}: {e}", plan.display()));
        results.push(measure_size(meetings, text.len(), &plan, &folder, rounds));
    }
    if let [small, large] = results.as_slice() {
        println!(
            "growth 1,000 -> 10,000 meetings: lint {:.1}x, build {:.1}x (cpu {:.1}x); build memory at 10,000 {:.1}x the floor's",
            large.lint.seconds / small.lint.seconds,
            large.build.seconds / small.build.seconds,
            large.build.cpu_seconds / small.build.cpu_seconds,
            large.build.peak_kb as f64 / large.floor.peak_kb as f64,
        );
    }
}

/// Parses a file into a generic tree and drops it: the least any YAML tool does.
fn floor(file: &Path) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    std::hint::black_box(parse_tree(&text));
}

/// The floor's parse: a generic tree, with the node budget `plan` itself
/// allows (serde-saphyr's default stops at 250,000 nodes, in the middle of
/// the 10,000-meeting plan).
fn parse_tree(text: &str) -> serde_json::Value {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = 4_000_000;
    budget.max_events = 8_000_000;
    budget.max_total_scalar_bytes = 64 * 1024 * 1024;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    serde_saphyr::from_str_with_options(text, options)
        .unwrap_or_else(|e| panic!("floor parse: {e}"))
}

/// Times loading, checking (validate, resolve, lint) and the human and JSON
/// reports of one plan, in this process.
fn stages(file: &Path) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let clock = Instant::now();
    drop(parse_tree(&text));
    let floor = clock.elapsed().as_secs_f64();
    let clock = Instant::now();
    let loaded = commplan::load::load_str("plan.yaml", &text);
    let load = clock.elapsed().as_secs_f64();
    let clock = Instant::now();
    let checked = commplan::check(loaded);
    let check = clock.elapsed().as_secs_f64();
    let style = commplan::report::Style {
        color: false,
        width: 100,
    };
    let mut reports = Vec::new();
    for format in [
        commplan::report::Format::Human,
        commplan::report::Format::Json,
    ] {
        let clock = Instant::now();
        let out = commplan::report::render(format, &checked.source, &checked.diagnostics, style);
        reports.push((format, clock.elapsed().as_secs_f64(), out.len()));
    }
    println!(
        "floor {floor:.3} s; load {load:.3} s ({:.1}x); check {check:.3} s ({:.1}x), {} findings",
        load / floor,
        check / floor,
        checked.diagnostics.len()
    );
    for (format, seconds, bytes) in reports {
        println!(
            "  report {format:?}: {seconds:.3} s ({:.1}x), {bytes} bytes",
            seconds / floor
        );
    }
}

/// Where the build writes: a RAM disk when the machine has one.
fn work_folder() -> PathBuf {
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    base.join(format!("plan-bench-{}", std::process::id()))
}

#[derive(Clone, Copy, Default)]
struct Figure {
    seconds: f64,
    /// User and system CPU time: steadier than wall time on a busy machine.
    cpu_seconds: f64,
    peak_kb: u64,
}

struct SizeResult {
    floor: Figure,
    lint: Figure,
    build: Figure,
}

fn measure_size(
    meetings: usize,
    bytes: usize,
    plan: &Path,
    folder: &Path,
    rounds: usize,
) -> SizeResult {
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("current exe: {e}"));
    let plan_bin = env!("CARGO_BIN_EXE_plan");
    let site = folder.join("site");
    let plan_arg = plan.to_string_lossy().to_string();
    let site_arg = site.to_string_lossy().to_string();
    let steps: [(&str, &str, Vec<&str>); 4] = [
        (
            "floor (serde-saphyr tree)",
            exe.to_str().unwrap_or_default(),
            vec!["--floor", &plan_arg],
        ),
        ("plan lint", plan_bin, vec!["lint", &plan_arg]),
        (
            "plan lint --format json",
            plan_bin,
            vec!["lint", "--format", "json", &plan_arg],
        ),
        (
            "plan build",
            plan_bin,
            vec!["build", &plan_arg, "-o", &site_arg],
        ),
    ];
    let mut figures: Vec<Vec<Figure>> = vec![Vec::new(); steps.len()];
    for _ in 0..rounds {
        for (i, (_, program, args)) in steps.iter().enumerate() {
            if i == 3 {
                let _ = std::fs::remove_dir_all(&site);
            }
            figures[i].push(run(program, args));
        }
    }
    let medians: Vec<Figure> = figures.iter().map(|f| median(f)).collect();
    let (files, written) = folder_size(&site);
    println!(
        "\n{meetings} meetings: {:.0} KB of YAML; the build wrote {files} files, {:.1} MB",
        bytes as f64 / 1e3,
        written as f64 / 1e6
    );
    let floor = medians[0];
    for ((name, _, _), figure) in steps.iter().zip(&medians) {
        println!(
            "  {name:<28} {:>8.3} s {:>6.1}x floor | cpu {:>8.3} s {:>6.1}x | {:>7.1} MB peak",
            figure.seconds,
            figure.seconds / floor.seconds,
            figure.cpu_seconds,
            figure.cpu_seconds / floor.cpu_seconds,
            figure.peak_kb as f64 / 1024.0
        );
    }
    SizeResult {
        floor,
        lint: medians[1],
        build: medians[3],
    }
}

fn median(figures: &[Figure]) -> Figure {
    let mut seconds: Vec<f64> = figures.iter().map(|f| f.seconds).collect();
    let mut cpu: Vec<f64> = figures.iter().map(|f| f.cpu_seconds).collect();
    let mut peaks: Vec<u64> = figures.iter().map(|f| f.peak_kb).collect();
    seconds.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    peaks.sort_unstable();
    Figure {
        seconds: seconds[seconds.len() / 2],
        cpu_seconds: cpu[cpu.len() / 2],
        peak_kb: peaks[peaks.len() / 2],
    }
}

/// Runs a program to its end, output discarded: wall time and peak memory.
fn run(program: &str, args: &[&str]) -> Figure {
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    let (cpu_seconds, peak_kb, success) = wait_usage(child);
    // `plan lint` exits 1 on a plan with errors; anything else is a broken run.
    assert!(success, "{program} {args:?} failed");
    Figure {
        seconds: start.elapsed().as_secs_f64(),
        cpu_seconds,
        peak_kb,
    }
}

/// Waits for the child: its own CPU time and peak resident memory, where
/// the OS says them.
#[cfg(target_os = "linux")]
fn wait_usage(child: std::process::Child) -> (f64, u64, bool) {
    let pid = i32::try_from(child.id()).unwrap_or_default();
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of a plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our unwaited child; the pointers are to live locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    let exit = libc::WEXITSTATUS(status);
    let success = libc::WIFEXITED(status) && exit <= 1;
    (
        cpu,
        u64::try_from(usage.ru_maxrss).unwrap_or_default(),
        success,
    )
}

#[cfg(not(target_os = "linux"))]
fn wait_usage(mut child: std::process::Child) -> (f64, u64, bool) {
    let success = child.wait().is_ok_and(|s| s.code().is_some_and(|c| c <= 1));
    (0.0, 0, success)
}

/// Files and bytes under a folder.
fn folder_size(folder: &Path) -> (usize, u64) {
    let mut files = 0;
    let mut bytes = 0;
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                files += 1;
                bytes += meta.len();
            }
        }
    }
    (files, bytes)
}

/// The benchmark plan of issue 11: a portfolio of `meetings` meetings.
fn benchmark_plan(meetings: usize) -> String {
    let people = meetings / 4;
    let audiences = meetings / 10;
    let reports = meetings / 2;
    let zones = ["Europe/London", "Europe/Berlin", "America/New_York"];
    let weekdays = ["mon", "tue", "wed", "thu", "fri"];
    let mut plan = String::from(
        "version: 1\nproject:\n  name: Portfolio\n  owner: p0\n  timezone: Europe/London\n  \
         start: 2026-01-05\n  end: 2026-12-18\n  \
         working_hours: {days: [mon, tue, wed, thu, fri], from: \"08:00\", to: \"20:00\"}\n  \
         holidays: [2026-04-03, 2026-05-04, 2026-08-31]\n\npeople:\n",
    );
    for i in 0..people {
        plan.push_str(&format!(
            "  p{i}:\n    name: Person {i}\n    email: p{i}@example.com\n    timezone: {}\n",
            zones[i % zones.len()]
        ));
    }
    plan.push_str("\naudiences:\n");
    for a in 0..audiences {
        let members: Vec<String> = (0..4)
            .map(|k| format!("p{}", (a * 4 + k) % people))
            .collect();
        plan.push_str(&format!(
            "  a{a}:\n    name: Audience {a}\n    members: [{}]\n    external: {}\n    channels: [email, chat]\n",
            members.join(", "),
            a % 2 == 0
        ));
    }
    plan.push_str(
        "\nchannels:\n  email:\n    kind: email\n    formal: true\n    address: portfolio@example.com\n    \
         sla: {response: 1bd, urgent_response: 4bh}\n  chat:\n    kind: chat\n    \
         sla: {response: 2bh, urgent_response: 30m}\n  video:\n    kind: video\n    \
         url: https://video.example/portfolio\n    sla: {response: 1bd}\n\nmeetings:\n",
    );
    for m in 0..meetings {
        let schedule = match m % 3 {
            0 => format!("every: week, on: [{}]", weekdays[m % 5]),
            1 => format!("every: 2 weeks, on: [{}]", weekdays[m % 5]),
            _ => format!("every: month, on: first {}", weekdays[m % 5]),
        };
        let quarter_hours = m % 40; // 08:00 .. 17:45
        let at = format!(
            "{:02}:{:02}",
            8 + quarter_hours / 4,
            (quarter_hours % 4) * 15
        );
        let audience = m % audiences;
        let owner = (audience * 4) % people;
        plan.push_str(&format!(
            "  m{m}:\n    title: Meeting {m}\n    audiences: [a{audience}]\n    owner: p{owner}\n    \
             channel: video\n    schedule: {{{schedule}, at: \"{at}\", duration: 30m}}\n    \
             agenda: [Progress, Risks, Next steps]\n    \
             follow_up:\n      - {{task: Send the minutes, within: 4bh, owner: p{owner}, via: email}}\n"
        ));
    }
    plan.push_str("\nreports:\n");
    for r in 0..reports {
        let audience = r % audiences;
        plan.push_str(&format!(
            "  r{r}:\n    title: Report {r}\n    from: p{}\n    to: [a{audience}]\n    channel: email\n    \
             format: status\n    schedule: {{every: week, on: [fri], at: \"16:00\"}}\n",
            (audience * 4) % people
        ));
    }
    plan.push_str(
        "\nformats:\n  status:\n    subject: \"Status {date}\"\n    sections: [Summary, Risks, Next]\n\n\
         escalations:\n  delivery:\n    when: A blocker is not resolved\n    steps:\n      \
         - {to: p0, via: chat}\n      - {to: [p1, p2], via: email, after: 1bd}\n\n\
         reviews:\n  monthly:\n    title: Monthly review\n    owner: p0\n    audiences: [a1]\n    \
         channel: video\n    schedule: {every: month, on: last thu, at: \"15:00\", duration: 1h}\n    \
         questions: [Were response times met?]\n",
    );
    plan
}
