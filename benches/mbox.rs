//! The mbox source against reading the file: `cargo bench --bench mbox`.
//!
//! Generates a 1 GiB mbox into `target/bench-mbox/` (kept for the next run;
//! delete it to regenerate): threads of 2 to 6 messages between a client
//! and the team, bodies of 2 to 20 KB, one message in five with a base64
//! attachment. Then times (a) reading the file through line by line
//! (`BufRead::lines`) and (b) `plan measure`'s work on it: the mbox source,
//! threading and pairing, and the tally. Prints bytes, seconds, MB/s, the
//! ratio of (b) to (a), and the peak RSS (`VmHWM`), which must not grow with
//! the file. Not a test: it fails nothing; the figures go into
//! docs/ARCHITECTURE.md with the machine they came from.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark fails loudly"
)]

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use commplan::measure::mbox::Mailboxes;
use commplan::measure::{Period, Tally};

const TARGET_BYTES: u64 = 1 << 30;
const PLAN: &str = include_str!("../tests/fixtures/measure/plan.yaml");

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-mbox");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("1gib.mbox");
    if !path.exists() {
        let started = Instant::now();
        generate(&path);
        println!("generated in {:.1} s", started.elapsed().as_secs_f64());
    }
    let bytes = std::fs::metadata(&path).unwrap().len();
    // Once untimed, so that both timed reads find the file equally cached.
    read_lines(&path);
    let started = Instant::now();
    let lines = read_lines(&path);
    let floor = started.elapsed().as_secs_f64();
    let after_floor = peak_rss_kib();
    let started = Instant::now();
    let (requests, messages) = measure(&path);
    let measured = started.elapsed().as_secs_f64();
    let megabytes = bytes as f64 / 1e6;
    println!("file: {bytes} bytes, {lines} lines, {messages} messages read");
    println!("(a) lines:   {floor:.2} s, {:.0} MB/s", megabytes / floor);
    println!(
        "(b) measure: {measured:.2} s, {:.0} MB/s ({requests} requests)",
        megabytes / measured
    );
    println!("ratio (b)/(a): {:.2}", measured / floor);
    println!(
        "peak RSS: {} MiB after (a), {} MiB after (b)",
        after_floor / 1024,
        peak_rss_kib() / 1024
    );
}

fn read_lines(path: &Path) -> usize {
    let file = BufReader::new(File::open(path).unwrap());
    file.lines().map(Result::unwrap).count()
}

/// (requests, contacts: one per message) of `path`, as `plan measure` counts.
fn measure(path: &Path) -> (usize, usize) {
    let checked = commplan::check(commplan::load::load_str("plan.yaml", PLAN));
    let compiled = checked.resolved.unwrap();
    let mut mailboxes = Mailboxes::new(&compiled, false);
    let file = BufReader::new(File::open(path).unwrap());
    mailboxes.read(file, "1gib.mbox", None).unwrap();
    let mut tally = Tally::new(&compiled, Period::default());
    let mut contacts = 0;
    for item in mailboxes.into_items() {
        contacts += usize::from(matches!(item, commplan::measure::Item::Contact(_)));
        tally.add(item);
    }
    let measures = tally.finish();
    assert_eq!(measures.skipped, 0, "{:?}", measures.skips.first());
    (measures.channels.iter().map(|c| c.requests).sum(), contacts)
}

/// The process's peak resident memory, in KiB (Linux; 0 elsewhere).
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// A small deterministic generator (xorshift64*): the same file every time.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }
}

const WORDS: [&str; 12] = [
    "plan",
    "review",
    "the",
    "client",
    "budget",
    "milestone",
    "and",
    "we",
    "deliver",
    "next",
    "week",
    "status",
];

fn generate(path: &Path) {
    let partial = path.with_extension("partial");
    let mut out = BufWriter::new(File::create(&partial).unwrap());
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let mut written = 0u64;
    let mut thread = 0u64;
    // Monday 2026-03-02 08:00 UTC onwards, a thread every few hours.
    let mut start = 1_772_438_400_i64;
    while written < TARGET_BYTES {
        thread += 1;
        start += i64::try_from(random.between(600, 4 * 3600)).unwrap();
        let mut at = start;
        let length = random.between(2, 6);
        for n in 0..length {
            let message = message(&mut random, thread, n, at);
            out.write_all(message.as_bytes()).unwrap();
            written += message.len() as u64;
            at += i64::try_from(random.between(300, 30 * 3600)).unwrap();
        }
    }
    out.flush().unwrap();
    drop(out);
    std::fs::rename(partial, path).unwrap();
}

fn message(random: &mut Random, thread: u64, n: u64, at: i64) -> String {
    let client = n.is_multiple_of(2);
    let (from, to) = if client {
        ("ben@client.example", "ana@example.com")
    } else {
        ("ana@example.com", "ben@client.example")
    };
    let date = utc(at, "%a, %d %b %Y %H:%M:%S +0000");
    let mut text = format!(
        "From {from} {}\nFrom: Someone <{from}>\nTo: <{to}>\nSubject: Re: thread {thread}\n\
         Date: {date}\nMessage-ID: <{thread}.{n}@bench.example>\n",
        utc(at, "%a %b %e %H:%M:%S %Y")
    );
    if n > 0 {
        let references: Vec<String> = (0..n)
            .map(|m| format!("<{thread}.{m}@bench.example>"))
            .collect();
        text.push_str(&format!(
            "In-Reply-To: <{thread}.{}@bench.example>\nReferences: {}\n",
            n - 1,
            references.join(" ")
        ));
    }
    let attachment = random.between(1, 5) == 1;
    text.push_str("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n");
    let body = random.between(2_000, 20_000);
    let mut line = String::new();
    let mut length = 0;
    while length < body {
        let word = WORDS[usize::try_from(random.next() % 12).unwrap()];
        line.push_str(word);
        line.push(' ');
        if line.len() > 70 {
            length += line.len() as u64 + 1;
            text.push_str(line.trim_end());
            text.push('\n');
            line.clear();
        }
    }
    if attachment {
        text.push_str("--b\nContent-Type: application/pdf; name=\"a.pdf\"\nContent-Transfer-Encoding: base64\n\n");
        for _ in 0..random.between(60, 700) {
            let row: String = (0..76)
                .map(|_| {
                    let alphabet =
                        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                    char::from(alphabet[usize::try_from(random.next() % 64).unwrap()])
                })
                .collect();
            text.push_str(&row);
            text.push('\n');
        }
    }
    text.push_str("--b--\n\n");
    text
}

fn utc(at: i64, format: &str) -> String {
    jiff::Timestamp::from_second(at)
        .unwrap()
        .strftime(format)
        .to_string()
}
