//! Note text is untrusted: a note can carry terminal escape sequences (ESC,
//! CSI, OSC 8 hyperlinks, OSC 52 clipboard writes, BEL) or bidirectional
//! controls that make a line read differently than it is stored. Nothing of
//! a note reaches a terminal without passing through [`terminal`], and JSON
//! escapes the same characters (see [`to_json`]) so that `jq -r` piped to a
//! terminal is safe too.

use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

/// Bidirectional formatting controls (Trojan Source, CVE-2021-42574).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters a terminal may act on rather than print.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// `text` with every control character shown as U+FFFD (tabs and carriage
/// returns become spaces; newlines stay, tables lay them out).
pub fn terminal(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' => '\n',
            '\t' | '\r' => ' ',
            c if is_unsafe(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// serde_json's formatter escapes C0 controls; this one also escapes DEL,
/// the C1 controls (U+0080–U+009F, e.g. the 8-bit CSI) and bidi controls
/// as `\uXXXX`, so the JSON is pure data however it is later printed.
struct SafeFormatter<F>(F);

impl<F: Formatter> Formatter for SafeFormatter<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut last = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                writer.write_all(&fragment.as_bytes()[last..i])?;
                write!(writer, "\\u{:04x}", c as u32)?;
                last = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[last..])
    }

    // Pretty printing is delegated to the wrapped formatter.
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Serialises `value` as JSON with unsafe characters escaped; pretty-printed
/// (two-space indent) or on one line.
pub fn to_json<T: Serialize + ?Sized>(value: &T, pretty: bool) -> String {
    let mut out = Vec::new();
    let result = if pretty {
        let mut ser = serde_json::Serializer::with_formatter(
            &mut out,
            SafeFormatter(PrettyFormatter::with_indent(b"  ")),
        );
        value.serialize(&mut ser)
    } else {
        let mut ser = serde_json::Serializer::with_formatter(
            &mut out,
            SafeFormatter(serde_json::ser::CompactFormatter),
        );
        value.serialize(&mut ser)
    };
    result.expect("plain data serialises");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a\x1b[31mred\x1b]8;;http://evil/\x07link\x1b]8;;\x07 \x1b]52;c;cHduZWQ=\x07 \u{9b}2J \u{202E}txt.exe\u{2066}\x7f\tz";

    #[test]
    fn terminal_text_has_no_control_characters_left() {
        let t = terminal(HOSTILE);
        assert!(!t.chars().any(is_unsafe), "{t:?}");
        assert!(t.contains("red") && t.contains("link") && t.contains("txt.exe"));
        assert_eq!(terminal("line\nnext"), "line\nnext");
    }

    #[test]
    fn json_escapes_every_unsafe_character_and_round_trips() {
        for pretty in [false, true] {
            let json = to_json(&serde_json::json!({ "title": HOSTILE }), pretty);
            assert!(!json.chars().any(|c| is_unsafe(c) && c != '\n'), "{json:?}");
            assert!(
                json.contains("\\u001b") && json.contains("\\u202e") && json.contains("\\u009b")
            );
            let back: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(back["title"], HOSTILE);
        }
    }

    #[test]
    fn pretty_output_matches_serde_json() {
        let v = serde_json::json!({"a": [1, {"b": "c"}], "d": "日本語"});
        assert_eq!(to_json(&v, true), serde_json::to_string_pretty(&v).unwrap());
        assert_eq!(to_json(&v, false), serde_json::to_string(&v).unwrap());
    }
}
