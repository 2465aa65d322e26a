//! Credit certificates (学分证明, issue 6): the document, its layout as figure
//! 27 of seed 001, the font it is set in, and rendering many at once.
//!
//! This half needs no database: the caller builds [`Certificate`] values
//! (from approved credit records, with a verification code) and hands them
//! to [`render`] or to a [`Bulk`] run.

pub mod bulk;
pub mod font;
pub mod layout;
pub mod model;
pub mod render;

pub use bulk::{Bulk, BulkReport, BulkTarget, NotWritten, render_all};
pub use font::Font;
pub use model::{Certificate, CreditClass, Kind, Row, Totals, YearBlock};
pub use render::{check_glyphs, missing_glyphs, render};
