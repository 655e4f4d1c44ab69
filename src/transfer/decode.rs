//! Turning the bytes of a CSV file into text: UTF-8 with or without BOM,
//! GBK/GB18030 (Excel's "CSV" on Chinese Windows) and UTF-16 with a BOM
//! (Excel's "Unicode text"), detected or named with `--encoding`.

use std::borrow::Cow;

/// Text encodings accepted for CSV input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Encoding {
    /// Detect: a byte-order mark, else UTF-8 if valid, else GB18030 (GBK)
    #[default]
    Auto,
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK, read as GB18030 (a superset: every GBK file decodes the same)
    Gbk,
    Gb18030,
    #[value(name = "utf-16le", alias = "utf16le")]
    Utf16le,
    #[value(name = "utf-16be", alias = "utf16be")]
    Utf16be,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Auto => "auto",
            Encoding::Utf8 => "UTF-8",
            Encoding::Gbk => "GBK",
            Encoding::Gb18030 => "GB18030",
            Encoding::Utf16le => "UTF-16LE",
            Encoding::Utf16be => "UTF-16BE",
        }
    }

    fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Auto | Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Gbk | Encoding::Gb18030 => encoding_rs::GB18030,
            Encoding::Utf16le => encoding_rs::UTF_16LE,
            Encoding::Utf16be => encoding_rs::UTF_16BE,
        }
    }
}

/// Why a file could not be decoded: the message and the 1-based line of the
/// first bad byte (0: the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub line: usize,
    /// Boxed: the kinds of problem are many and some are large.
    pub message: Box<super::ProblemText>,
}

fn bom(bytes: &[u8]) -> Option<(Encoding, usize)> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some((Encoding::Utf8, 3))
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        Some((Encoding::Utf16le, 2))
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some((Encoding::Utf16be, 2))
    } else {
        None
    }
}

/// Line of the first replacement character in decoded text.
fn line_of_replacement(text: &str) -> usize {
    let at = text.find('\u{FFFD}').unwrap_or(0);
    text[..at].bytes().filter(|b| *b == b'\n').count() + 1
}

fn strict<'a>(enc: Encoding, bytes: &'a [u8]) -> Result<Cow<'a, str>, DecodeError> {
    let (text, had_errors) = enc.codec().decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError {
            line: line_of_replacement(&text),
            message: Box::new(super::ProblemText::NotValidIn(enc.label().to_string())),
        });
    }
    Ok(text)
}

/// Decode `bytes` as `enc` (or detect), returning the text without a BOM and
/// the encoding used.
pub fn decode(bytes: &[u8], enc: Encoding) -> Result<(Cow<'_, str>, Encoding), DecodeError> {
    let found = bom(bytes);
    if enc != Encoding::Auto {
        let skip = match found {
            Some((b, n)) if b == enc => n,
            _ => 0,
        };
        if (enc == Encoding::Utf16le || enc == Encoding::Utf16be) && bytes.len() % 2 == 1 {
            return Err(DecodeError {
                line: 0,
                message: Box::new(super::ProblemText::OddBytes(enc.label().to_string())),
            });
        }
        return Ok((strict(enc, &bytes[skip..])?, enc));
    }
    if let Some((b, n)) = found {
        return Ok((strict(b, &bytes[n..])?, b));
    }
    let utf8_ok_up_to = match std::str::from_utf8(bytes) {
        Ok(s) => return Ok((Cow::Borrowed(s), Encoding::Utf8)),
        Err(e) => e.valid_up_to(),
    };
    if bytes.iter().take(4096).any(|b| *b == 0) {
        return Err(DecodeError {
            line: 0,
            message: Box::new(super::ProblemText::Utf16NoBom),
        });
    }
    let (text, had_errors) = Encoding::Gb18030.codec().decode_without_bom_handling(bytes);
    if had_errors {
        // Report the line where the likelier encoding (the one that reads
        // further) breaks.
        let utf8_line = bytes[..utf8_ok_up_to]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        return Err(DecodeError {
            line: line_of_replacement(&text).max(utf8_line),
            message: Box::new(super::ProblemText::NotUtf8OrGbk),
        });
    }
    Ok((text, Encoding::Gb18030))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects() {
        let (t, e) = decode("代码,名称\n".as_bytes(), Encoding::Auto).unwrap();
        assert_eq!((t.as_ref(), e), ("代码,名称\n", Encoding::Utf8));
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("代码".as_bytes());
        assert_eq!(decode(&b, Encoding::Auto).unwrap().0, "代码");
        let (gbk, _, _) = encoding_rs::GBK.encode("都匀市,广惠街道\r\n");
        let (t, e) = decode(&gbk, Encoding::Auto).unwrap();
        assert_eq!((t.as_ref(), e), ("都匀市,广惠街道\r\n", Encoding::Gb18030));
        let mut u16: Vec<u8> = vec![0xFF, 0xFE];
        for u in "村代码\t姓名".encode_utf16() {
            u16.extend_from_slice(&u.to_le_bytes());
        }
        let (t, e) = decode(&u16, Encoding::Auto).unwrap();
        assert_eq!((t.as_ref(), e), ("村代码\t姓名", Encoding::Utf16le));
    }

    #[test]
    fn explicit_and_bad() {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名\n张伟\n");
        assert!(decode(&gbk, Encoding::Utf8).is_err());
        assert_eq!(decode(&gbk, Encoding::Gbk).unwrap().0, "姓名\n张伟\n");
        let e = decode(b"a,b\n\x80\xFF,c\n", Encoding::Auto).unwrap_err();
        assert_eq!(e.line, 2);
        let e = decode(b"a\x00b\x00\xFF", Encoding::Auto).unwrap_err();
        assert!(e.message.to_string().contains("UTF-16"), "{}", e.message);
    }
}
