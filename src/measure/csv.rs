//! The generic CSV source of `plan measure` (docs/measure.md): a header
//! naming the columns `channel,from,to,sent_at,replied_at,urgent` (in any
//! order; others are ignored), then one request per row. Read a row at a
//! time from any reader: memory does not grow with the file. A row that
//! cannot be read is a [`Skip`] with its line, never the end of the file.

use std::fmt;
use std::io::{self, Read};

use super::{Item, Place, Request, Skip};
use crate::limits::MAX_SOURCE_LINE_BYTES;
use crate::time::{Instant, Zone};

/// The columns, in the order the documentation lists them.
pub const COLUMNS: [&str; 6] = ["channel", "from", "to", "sent_at", "replied_at", "urgent"];

/// An optional column: kept for `--show-subjects` only.
pub const SUBJECT: &str = "subject";

/// Why a CSV source cannot be read at all (the command exits 2).
#[derive(Debug)]
pub enum SourceError {
    Io {
        file: String,
        error: io::Error,
    },
    /// The header lacks these columns.
    Header {
        file: String,
        missing: Vec<&'static str>,
    },
    /// A line is longer than [`MAX_SOURCE_LINE_BYTES`].
    LineTooLong {
        file: String,
        line: u64,
    },
    /// A row runs on over lines for more than [`MAX_SOURCE_LINE_BYTES`]: a
    /// quote never closed would otherwise swallow the rest of the file.
    RowTooLong {
        file: String,
        line: u64,
    },
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { file, error } => write!(f, "cannot read `{file}`: {error}"),
            Self::Header { file, missing } => write!(
                f,
                "`{file}` has no column {}\nhelp: its first line names the columns: {}",
                missing.join(", "),
                COLUMNS.join(",")
            ),
            Self::LineTooLong { file, line } => write!(
                f,
                "`{file}`: line {line} is longer than {} MiB; nothing was read past it\nhelp: is it a CSV file? Each request is one short row",
                MAX_SOURCE_LINE_BYTES >> 20
            ),
            Self::RowTooLong { file, line } => write!(
                f,
                "`{file}`: the row that starts on line {line} runs on for more than {} MiB; nothing was read past it\nhelp: a quote opened on that line is never closed (a quoted field may hold line breaks, so the rest of the file became one field)",
                MAX_SOURCE_LINE_BYTES >> 20
            ),
        }
    }
}

/// The requests of a CSV file, row by row.
pub struct CsvRequests<R: Read> {
    reader: ::csv::Reader<LineLimit<R>>,
    file: String,
    zone: Zone,
    /// The position of each of [`COLUMNS`] in a row.
    columns: [usize; 6],
    /// The position of the [`SUBJECT`] column, if the header names one.
    subject: Option<usize>,
    /// The header's number of fields: a row must have as many.
    width: usize,
    record: ::csv::ByteRecord,
    failed: bool,
}

/// Reads the header of `input` (named `file` in skips and errors); times
/// without an offset are read in `zone`.
pub fn requests<R: Read>(input: R, file: &str, zone: &Zone) -> Result<CsvRequests<R>, SourceError> {
    // Flexible: a row of the wrong length is a skip of that row, not an error of the file.
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(LineLimit::new(input));
    let headers = match reader.byte_headers() {
        Ok(headers) => headers.clone(),
        Err(error) => return Err(read_error(&reader, file, error)),
    };
    let next = reader.position().line();
    reader.get_mut().row_read(next);
    let names: Vec<String> = headers
        .iter()
        .map(|name| String::from_utf8_lossy(name).trim().to_lowercase())
        .collect();
    let mut columns = [0; 6];
    let mut missing = Vec::new();
    for (slot, column) in columns.iter_mut().zip(COLUMNS) {
        match names.iter().position(|name| name == column) {
            Some(position) => *slot = position,
            None => missing.push(column),
        }
    }
    if !missing.is_empty() {
        return Err(SourceError::Header {
            file: file.to_string(),
            missing,
        });
    }
    Ok(CsvRequests {
        reader,
        file: file.to_string(),
        zone: zone.clone(),
        columns,
        subject: names.iter().position(|name| name == SUBJECT),
        width: headers.len(),
        record: ::csv::ByteRecord::new(),
        failed: false,
    })
}

impl<R: Read> Iterator for CsvRequests<R> {
    type Item = Result<Item, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let next = self.reader.position().line();
                self.reader.get_mut().row_read(next);
                let line = self.record.position().map_or(0, ::csv::Position::line);
                let place = Place {
                    file: self.file.clone(),
                    line,
                };
                Some(Ok(match self.request(place.clone()) {
                    Ok(request) => Item::Request(request),
                    Err(reason) => Item::Skip(Skip { place, reason }),
                }))
            }
            Err(error) => {
                self.failed = true;
                Some(Err(read_error(&self.reader, &self.file, error)))
            }
        }
    }
}

impl<R: Read> CsvRequests<R> {
    /// The row just read as a request, or why it is none.
    fn request(&self, place: Place) -> Result<Request, String> {
        if self.record.len() != self.width {
            let fields = self.record.len();
            // A field holding line breaks is quoted; with too few fields, the
            // quote most likely never closed and took the rows after it.
            let unclosed = fields < self.width && self.record.iter().any(|f| f.contains(&b'\n'));
            return Err(format!(
                "the row has {fields} field{}, the header {}{}",
                if fields == 1 { "" } else { "s" },
                self.width,
                if unclosed {
                    ": a quote on this line is never closed, and the rows after it became one field"
                } else {
                    ""
                }
            ));
        }
        let [channel, from, to, sent_at, replied_at, urgent] =
            self.columns.map(|column| self.field(column));
        let (channel, from, to) = (channel?, from?, to?);
        for (name, value) in [("channel", &channel), ("from", &from), ("to", &to)] {
            if value.is_empty() {
                return Err(format!("{name} is empty"));
            }
        }
        let sent_at = sent_at?;
        if sent_at.is_empty() {
            return Err("sent_at is empty".to_string());
        }
        let sent = self.time("sent_at", &sent_at)?;
        let replied_at = replied_at?;
        let replied = if replied_at.is_empty() {
            None
        } else {
            Some(self.time("replied_at", &replied_at)?)
        };
        let urgent = match urgent?.to_lowercase().as_str() {
            "" | "false" => false,
            "true" => true,
            other => {
                return Err(format!(
                    "urgent is `{}`; write true, false or nothing",
                    shortened(other)
                ));
            }
        };
        // A subject that is not UTF-8 is left out, not a reason to skip the request.
        let subject = self
            .subject
            .and_then(|column| self.field(column).ok())
            .filter(|subject| !subject.is_empty());
        Ok(Request {
            channel,
            from,
            to,
            sent,
            replied,
            urgent,
            subject,
            // A row is the request and its reply: two contacts, once counted.
            messages_are_contacts: true,
            place,
        })
    }

    /// A field, trimmed; `Err` when it is not UTF-8.
    fn field(&self, column: usize) -> Result<String, String> {
        let bytes = self.record.get(column).unwrap_or_default();
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text.trim().to_string()),
            Err(_) => Err(format!("column {} is not UTF-8", column + 1)),
        }
    }

    fn time(&self, name: &str, text: &str) -> Result<Instant, String> {
        Instant::parse_rfc3339(text, &self.zone).map_err(|problem| {
            let first = problem.lines().next().unwrap_or_default();
            format!("{name}: {}", first.replace(text, &shortened(text)))
        })
    }
}

/// A value quoted in a reason, cut to 40 characters: a skip names the
/// problem, it does not repeat the file.
fn shortened(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

fn read_error<R: Read>(
    reader: &::csv::Reader<LineLimit<R>>,
    file: &str,
    error: ::csv::Error,
) -> SourceError {
    if let Some(line) = reader.get_ref().too_long {
        return SourceError::LineTooLong {
            file: file.to_string(),
            line,
        };
    }
    if reader.get_ref().row_too_long {
        return SourceError::RowTooLong {
            file: file.to_string(),
            line: reader.get_ref().row_start,
        };
    }
    let error = match error.into_kind() {
        ::csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    };
    SourceError::Io {
        file: file.to_string(),
        error,
    }
}

/// A reader that ends every line with `\n` alone (a `\r\n` or lone `\r`
/// becomes one `\n`: the CSV reader counts lines by `\n` and would put a
/// CRLF file's rows a line early) and fails on a line longer than
/// [`MAX_SOURCE_LINE_BYTES`], so the CSV reader, which holds a row whole,
/// never holds more.
struct LineLimit<R> {
    inner: R,
    line: u64,
    line_bytes: usize,
    /// The last byte given was a `\r`: a `\n` right after it is dropped.
    after_cr: bool,
    /// The line that was too long, once one was.
    too_long: Option<u64>,
    /// Bytes given since the reader last finished a row (a row may span
    /// lines inside quotes), and whether that ran over the limit.
    row_bytes: usize,
    row_too_long: bool,
    /// The line the row being read starts on.
    row_start: u64,
}

impl<R> LineLimit<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            line: 1,
            line_bytes: 0,
            after_cr: false,
            too_long: None,
            row_bytes: 0,
            row_too_long: false,
            row_start: 1,
        }
    }

    /// A row was read: the next one starts counting. (The CSV reader reads
    /// ahead by its buffer, a few KiB, which this lets pass.)
    fn row_read(&mut self, next_row_line: u64) {
        self.row_bytes = 0;
        self.row_start = next_row_line;
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.too_long.is_some() || self.row_too_long {
                return Err(io::Error::other("line too long"));
            }
            // A reader that claims more than the buffer holds is held to it.
            let read = self.inner.read(buf)?.min(buf.len());
            if read == 0 {
                return Ok(0);
            }
            let mut kept = 0;
            for at in 0..read {
                let byte = buf[at];
                let after_cr = std::mem::replace(&mut self.after_cr, byte == b'\r');
                if byte == b'\n' && after_cr {
                    continue;
                }
                if byte == b'\n' || byte == b'\r' {
                    self.line += 1;
                    self.line_bytes = 0;
                    buf[kept] = b'\n';
                } else {
                    self.line_bytes += 1;
                    if self.line_bytes > MAX_SOURCE_LINE_BYTES {
                        self.too_long = Some(self.line);
                        return Err(io::Error::other("line too long"));
                    }
                    buf[kept] = byte;
                }
                kept += 1;
                self.row_bytes += 1;
                if self.row_bytes > MAX_SOURCE_LINE_BYTES {
                    self.row_too_long = true;
                    return Err(io::Error::other("row too long"));
                }
            }
            // A read of nothing but a dropped `\n` is not the end of the file.
            if kept > 0 {
                return Ok(kept);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_plans::instant;

    fn berlin() -> Zone {
        Zone::parse("Europe/Berlin").unwrap()
    }

    fn read(text: &[u8]) -> Vec<Item> {
        requests(text, "t.csv", &berlin())
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn skips(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .filter_map(|item| match item {
                Item::Skip(skip) => Some(format!("{}: {}", skip.place, skip.reason)),
                Item::Request(_) | Item::Contact(_) => None,
            })
            .collect()
    }

    #[test]
    fn rows_become_requests_with_their_line() {
        let text = "\u{feff}Channel,from,to,sent_at,replied_at,urgent\r\n\
            email,ben@client.example,ana@example.com,2026-03-06T17:00:00+01:00,2026-03-09T10:30,\r\n\
            \"chat\",\"ben@client.example\",ana@example.com,2026-03-06 16:00:00Z,,TRUE\r\n";
        let items = read(text.as_bytes());
        // A row is one request; its two messages are contacts once the tally counts it.
        assert_eq!(items.len(), 2);
        assert!(
            items
                .iter()
                .all(|item| matches!(item, Item::Request(r) if r.messages_are_contacts))
        );
        let Item::Request(first) = &items[0] else {
            panic!("{items:?}")
        };
        assert_eq!(first.channel, "email");
        assert_eq!(first.sent, instant("Europe/Berlin", "2026-03-06", 17, 0));
        assert_eq!(
            first.replied,
            Some(instant("Europe/Berlin", "2026-03-09", 10, 30))
        );
        assert!(!first.urgent);
        assert_eq!(first.place.line, 2);
        let Item::Request(second) = &items[1] else {
            panic!("{items:?}")
        };
        assert_eq!(second.sent, instant("UTC", "2026-03-06", 16, 0));
        assert_eq!((second.replied, second.urgent), (None, true));
    }

    #[test]
    fn columns_are_found_by_name_and_missing_ones_named() {
        let text = "urgent,replied_at,sent_at,to,from,channel,note\n\
            ,,2026-03-06T17:00,a@x,b@y,chat,hello\n";
        assert!(matches!(read(text.as_bytes())[0], Item::Request(_)));
        let Err(error) = requests("channel,from,sent\n".as_bytes(), "t.csv", &berlin()) else {
            panic!("a header without to, sent_at, replied_at, urgent")
        };
        assert_eq!(
            error.to_string(),
            "`t.csv` has no column to, sent_at, replied_at, urgent\n\
             help: its first line names the columns: channel,from,to,sent_at,replied_at,urgent"
        );
    }

    #[test]
    fn broken_rows_are_skips_and_reading_goes_on() {
        let mut text = b"channel,from,to,sent_at,replied_at,urgent\n\
            chat,a@x,b@y,yesterday,,\n\
            chat,a@x,b@y\n\
            chat,a@x,b@y,2026-03-06T17:00,,maybe\n\
            chat,,b@y,2026-03-06T17:00,,\n\
            chat,a@x,b@y,,,\n\
            \"chat\nroom\",a@x,b@y,1900-01-01T00:00,,\n"
            .to_vec();
        text.extend_from_slice(
            b"chat,a@\xff,b@y,2026-03-06T17:00,,\nchat,a@x,b@y,2026-03-06T17:00,,\n",
        );
        let items = read(&text);
        assert_eq!(
            skips(&items),
            [
                "t.csv:2: sent_at: `yesterday` is not a time",
                "t.csv:3: the row has 3 fields, the header 6",
                "t.csv:4: urgent is `maybe`; write true, false or nothing",
                "t.csv:5: from is empty",
                "t.csv:6: sent_at is empty",
                "t.csv:7: sent_at: `1900-01-01T00:00` is outside the dates `plan` works with",
                "t.csv:9: column 2 is not UTF-8",
            ]
        );
        let last = items.iter().rev().find_map(|item| match item {
            Item::Request(request) => Some(request.place.line),
            _ => None,
        });
        assert_eq!(last, Some(10));
    }

    #[test]
    fn a_line_without_end_stops_the_file_without_filling_memory() {
        let endless = io::repeat(b'x').take(u64::try_from(MAX_SOURCE_LINE_BYTES).unwrap() * 2);
        let header = "channel,from,to,sent_at,replied_at,urgent\n".as_bytes();
        let mut rows = requests(header.chain(endless), "big.csv", &berlin()).unwrap();
        let error = rows.next().unwrap().unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("`big.csv`: line 2 is longer than 1 MiB"),
            "{error}"
        );
        assert!(rows.next().is_none());
    }

    #[test]
    fn every_line_ending_counts_one_line() {
        let text = "channel,from,to,sent_at,replied_at,urgent\r\n\
            chat,a@x,b@y,x,,\rchat,a@x,b@y,x,,\n\r\nchat,a@x,b@y,x,,\r\n";
        let items = read(text.as_bytes());
        let lines: Vec<String> = skips(&items).iter().map(|s| s[..7].to_string()).collect();
        // The blank line 4 is skipped; the csv crate places the row after it
        // where its reader stood, on the blank line (a known imprecision).
        assert_eq!(lines, ["t.csv:2", "t.csv:3", "t.csv:4"]);
    }

    #[test]
    fn long_values_are_shortened_in_reasons() {
        assert_eq!(shortened("short"), "short");
        assert_eq!(shortened(&"y".repeat(50)), format!("{}…", "y".repeat(40)));
    }

    #[test]
    fn a_quote_never_closed_ends_the_file_at_its_row_not_silently() {
        let mut text = format!(
            "{}\nemail,\"ben@client.example,a@x,2026-03-02T10:00,,\n",
            COLUMNS.join(",")
        );
        let row = "email,ben@client.example,ana@example.com,2026-03-02T10:00,,\n";
        while text.len() < MAX_SOURCE_LINE_BYTES + 64 * 1024 {
            text.push_str(row);
        }
        let rows = requests(text.as_bytes(), "t.csv", &berlin()).unwrap();
        let outcome: Vec<Result<Item, SourceError>> = rows.collect();
        let Some(Err(error)) = outcome.last() else {
            panic!("{} items, the last not an error", outcome.len())
        };
        assert!(
            error
                .to_string()
                .starts_with("`t.csv`: the row that starts on line 2 runs on for more than 1 MiB"),
            "{error}"
        );
        // Many good rows are still read, each well under the limit.
        let mut fine = format!("{}\n", COLUMNS.join(","));
        while fine.len() < 2 * MAX_SOURCE_LINE_BYTES {
            fine.push_str(row);
        }
        assert!(
            requests(fine.as_bytes(), "t.csv", &berlin())
                .unwrap()
                .all(|item| item.is_ok())
        );
    }

    #[test]
    fn a_short_row_holding_a_line_break_says_its_quote_never_closed() {
        let text = format!(
            "{}\nemail,\"ben@client.example,a@x,2026-03-02T10:00,,\nchat,b@y,a@x,2026-03-02T10:00,,\n",
            COLUMNS.join(",")
        );
        assert_eq!(
            skips(&read(text.as_bytes())),
            [
                "t.csv:2: the row has 2 fields, the header 6: a quote on this line is never closed, and the rows after it became one field"
            ]
        );
    }
}
