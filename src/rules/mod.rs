//! Pure validation rules: identity documents, contact details, dates, titles,
//! credits, code lists, training specialties, certificate numbers, JPEG
//! headers and photo sizes.
//! Nothing here touches the database; every rule is unit-tested beside its
//! code with the vectors of docs/domain.md#resident-id-card.

pub mod certificate;
pub mod codes;
pub mod credit;
pub mod date;
pub mod id;
pub mod jpeg;
pub mod person;
pub mod photo;
pub mod specialty;
pub mod subject;
pub mod text;
pub mod title;

use serde::Serialize;

/// How bad a finding is: errors block a submission, warnings ask a person
/// to look (facts that are uncertain give warnings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// The word an administrator reads.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Severity::Error => lang.pick("错误", "error"),
            Severity::Warning => lang.pick("警告", "warning"),
        }
    }
}
