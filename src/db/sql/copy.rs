//! Rows for PostgreSQL's `COPY … FROM STDIN`, in its text format: fields
//! separated by tabs, rows by newlines, `\N` for NULL, and backslash,
//! tab, newline and carriage return escaped within a field. A bulk import
//! streams a batch of rows this way instead of one statement per row.

use std::fmt::Write as _;

/// A batch of rows in COPY's text format.
#[derive(Debug)]
pub struct CopyRows {
    buf: String,
    /// Whether the row being written has no field yet.
    row_start: bool,
    rows: usize,
}

impl Default for CopyRows {
    fn default() -> CopyRows {
        CopyRows::new()
    }
}

impl CopyRows {
    pub fn new() -> CopyRows {
        CopyRows {
            buf: String::new(),
            row_start: true,
            rows: 0,
        }
    }

    fn separate(&mut self) {
        if !self.row_start {
            self.buf.push('\t');
        }
        self.row_start = false;
    }

    /// A text field (NULL for `None`).
    pub fn text(&mut self, value: Option<&str>) -> &mut CopyRows {
        self.separate();
        match value {
            None => self.buf.push_str("\\N"),
            Some(s) => {
                for c in s.chars() {
                    match c {
                        '\\' => self.buf.push_str("\\\\"),
                        '\t' => self.buf.push_str("\\t"),
                        '\n' => self.buf.push_str("\\n"),
                        '\r' => self.buf.push_str("\\r"),
                        c => self.buf.push(c),
                    }
                }
            }
        }
        self
    }

    /// An integer field (NULL for `None`).
    pub fn int(&mut self, value: Option<i64>) -> &mut CopyRows {
        self.separate();
        match value {
            None => self.buf.push_str("\\N"),
            Some(n) => {
                let _ = write!(self.buf, "{n}");
            }
        }
        self
    }

    /// A boolean field (NULL for `None`).
    pub fn bool(&mut self, value: Option<bool>) -> &mut CopyRows {
        self.separate();
        self.buf.push_str(match value {
            None => "\\N",
            Some(true) => "t",
            Some(false) => "f",
        });
        self
    }

    /// Ends the current row.
    pub fn end_row(&mut self) {
        self.buf.push('\n');
        self.row_start = true;
        self.rows += 1;
    }

    /// The rows written so far.
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.buf.as_bytes()
    }

    /// Empties the batch, keeping its memory.
    pub fn clear(&mut self) {
        self.buf.clear();
        self.row_start = true;
        self.rows = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_escaped_and_nulls_marked() {
        let mut rows = CopyRows::new();
        rows.text(Some("张三\tx\\y\nz"))
            .int(Some(-7))
            .text(None)
            .bool(Some(true));
        rows.end_row();
        rows.int(None).bool(None);
        rows.end_row();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            std::str::from_utf8(rows.as_bytes()).unwrap(),
            "张三\\tx\\\\y\\nz\t-7\t\\N\tt\n\\N\t\\N\n"
        );
    }

    #[test]
    fn a_default_batch_starts_a_row() {
        let mut rows = CopyRows::default();
        rows.int(Some(1)).int(Some(2));
        rows.end_row();
        assert_eq!(rows.as_bytes(), b"1\t2\n");
    }
}
