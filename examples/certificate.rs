//! Renders the CME platform's sample certificate (`figure_27`, see
//! docs/certificate.md) to a PDF:
//!
//! ```text
//! cargo run --release --example certificate -- out.pdf [all|1|2] [FONT]
//! pdftoppm -png -r 80 out.pdf page      # what docs/images/certificate.png shows
//! ```

use meded::certificate::{Font, Kind, model::figure_27, render};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "certificate.pdf".into());
    let kind = args
        .next()
        .and_then(|k| Kind::parse(&k))
        .unwrap_or(Kind::ClassI);
    let font = match args.next() {
        Some(path) => Font::from_file(path.as_ref(), 0)?,
        None => Font::builtin()?,
    };
    let pdf = render(&figure_27(kind), &font)?;
    std::fs::write(&out, &pdf)?;
    Ok(())
}
