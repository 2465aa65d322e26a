//! Credit certificates (学分证明): the document, its layout as the CME
//! platform's certificate (docs/domain.md#certificate-layout), the font it is
//! set in, and rendering many at once.
//!
//! The engine (model, layout, font, render, bulk) needs no database: it
//! renders [`Certificate`] values. [`issue`] builds them from a member's
//! approved credits, chooses their verification codes and records every
//! certificate issued; [`verify`] answers for a code and revokes.

pub mod bulk;
pub mod credential;
pub mod font;
pub mod issue;
pub mod layout;
pub mod model;
pub mod offline;
pub mod page;
pub mod qr;
pub mod render;
pub mod seal;
pub mod status;
pub mod verify;

pub use bulk::{Bulk, BulkReport, BulkTarget, Fate, NotWritten, render_all};
pub use font::Font;
pub use model::{Certificate, Kind, Row, Totals, YearBlock};
pub use render::{check_glyphs, missing_glyphs, render, render_signed};
