//! The one vocabulary of states: every state a record goes through
//! (training status, submission and review, registration, credit review,
//! certificate status, …) is an enum that knows its Chinese name, how it is
//! stored, and which moves it allows. A state is stored as its Chinese
//! name and always bound as a parameter or rendered by [`State::sql_list`]:
//! no SQL outside a state's own module spells a state name. docs/domain.md
//! states each list and its moves (#training-statuses, #review-states,
//! #registration-review, #credit-records, #revocation).

pub mod credit;
pub mod review;

use crate::i18n::Msg;
use crate::msg;
use crate::rules::text::normalize;

/// A state column's values and the moves between them.
pub trait State: Copy + Eq + std::fmt::Debug + Send + Sync + 'static {
    /// Every state, in the order people list them.
    const ALL: &'static [Self];
    /// The column as the platform labels it (审核状态, 注册状态, …).
    const FIELD: &'static str;

    /// The Chinese name: what is stored, shown and logged.
    fn label(self) -> &'static str;
    /// A short English name, for messages in English and command-line values.
    fn english(self) -> &'static str;
    /// Other spellings accepted from people and files.
    fn aliases(self) -> &'static [&'static str];
    /// The states this one may move to.
    fn next(self) -> &'static [Self];
    /// Whether moving into this state needs a reason (a refusal or a
    /// return is read by the person who has to correct something).
    fn needs_reason(self) -> bool;

    /// Whether `self → to` is an allowed move.
    fn can_become(self, to: Self) -> bool {
        self.next().contains(&to)
    }

    /// The state a label, English name or alias names.
    fn parse(raw: &str) -> Option<Self> {
        let s = normalize(raw);
        let s = s.trim();
        Self::ALL.iter().copied().find(|st| {
            st.label() == s || st.english().eq_ignore_ascii_case(s) || st.aliases().contains(&s)
        })
    }

    /// The states as a quoted SQL list, `'a', 'b'`, for an `IN (…)` that
    /// is part of a prepared statement's text.
    fn sql_list(states: &[Self]) -> String {
        let quoted: Vec<String> = states.iter().map(|s| format!("'{}'", s.label())).collect();
        quoted.join(", ")
    }

    /// Every label, joined for a message: 待审、审核通过、审核不过.
    fn joined() -> String {
        let labels: Vec<&str> = Self::ALL.iter().map(|s| s.label()).collect();
        labels.join("、")
    }

    /// The refusal of a move that [`State::next`] does not allow.
    fn refuse_move(self, to: Self) -> Msg {
        let (field, from, to) = (Self::FIELD, self.label(), to.label());
        let allowed: Vec<&str> = self.next().iter().map(|s| s.label()).collect();
        if allowed.is_empty() {
            msg!(
                "{field}“{from}”是最终状态,不能再改为“{to}”",
                "{field} {from} is final and cannot become {to}"
            )
        } else {
            let allowed = allowed.join("、");
            msg!(
                "{field}不能从“{from}”改为“{to}”;可改为:{allowed}",
                "{field} cannot go from {from} to {to}; it may become: {allowed}"
            )
        }
    }

    /// The refusal of an unknown name.
    fn unknown(raw: &str) -> Msg {
        let (field, all) = (Self::FIELD, Self::joined());
        msg!(
            "不认识的{field}“{raw}”(可用:{all})",
            "unknown {field} '{raw}' (use one of: {all})"
        )
    }
}

/// Declares a state enum: its variants with their Chinese and English
/// names, the moves each allows, and which need a reason. The enum is
/// stored, bound and serialised as its Chinese name.
///
/// ```ignore
/// states! {
///     /// 审核状态 of a credit record.
///     pub enum CreditStatus: "审核状态" {
///         Pending = "待审", "pending" => [Approved, Rejected];
///         Approved = "审核通过", "approved" => [Pending];
///         Rejected = "审核不过", "rejected" ["不通过"] => [Pending] (reason);
///     }
/// }
/// ```
#[macro_export]
macro_rules! states {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $field:literal {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $label:literal, $en:literal $([$($alias:literal),*])?
                    => [$($next:ident),*] $(($reason:ident))?;
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        // The everyday names without importing the trait.
        #[allow(dead_code)]
        impl $name {
            /// Every state, in the order people list them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The Chinese name: what is stored, shown and logged.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// The state a label, English name or alias names.
            pub fn parse(raw: &str) -> Option<$name> {
                <$name as $crate::state::State>::parse(raw)
            }

            /// Whether `self → to` is an allowed move.
            pub fn can_become(self, to: $name) -> bool {
                <$name as $crate::state::State>::can_become(self, to)
            }
        }

        impl $crate::state::State for $name {
            const ALL: &'static [$name] = $name::ALL;
            const FIELD: &'static str = $field;

            fn label(self) -> &'static str {
                $name::label(self)
            }

            fn english(self) -> &'static str {
                match self { $($name::$variant => $en,)+ }
            }

            fn aliases(self) -> &'static [&'static str] {
                match self { $($name::$variant => &[$($($alias),*)?],)+ }
            }

            fn next(self) -> &'static [$name] {
                match self { $($name::$variant => &[$($name::$next),*],)+ }
            }

            fn needs_reason(self) -> bool {
                match self { $($name::$variant => $crate::states!(@reason $($reason)?),)+ }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($crate::state::State::label(*self))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str($crate::state::State::label(*self))
            }
        }

        impl $crate::db::sql::ToSql for $name {
            fn to_sql(&self) -> $crate::db::sql::Result<$crate::db::sql::ToSqlOutput<'_>> {
                Ok($crate::state::State::label(*self).into())
            }
        }

        impl $crate::db::sql::FromSql for $name {
            fn column_result(
                value: $crate::db::sql::ValueRef<'_>,
            ) -> $crate::db::sql::FromSqlResult<Self> {
                let text = value.as_str()?;
                <$name as $crate::state::State>::ALL
                    .iter()
                    .copied()
                    .find(|s| $crate::state::State::label(*s) == text)
                    .ok_or_else(|| $crate::db::sql::FromSqlError::Other(
                        format!("not a {}: {text}", <$name as $crate::state::State>::FIELD).into(),
                    ))
            }
        }
    };
    (@reason reason) => { true };
    (@reason) => { false };
}

#[cfg(test)]
mod tests {
    use super::State;

    crate::states! {
        /// A state machine for the tests.
        enum Light: "信号" {
            Red = "红", "red" ["赤"] => [Green];
            Green = "绿", "green" => [Yellow];
            Yellow = "黄", "yellow" => [Red] (reason);
        }
    }

    #[test]
    fn names_moves_and_parsing() {
        assert_eq!(Light::ALL.len(), 3);
        assert_eq!(Light::Red.label(), "红");
        assert!(Light::Red.can_become(Light::Green));
        assert!(!Light::Red.can_become(Light::Yellow));
        assert!(Light::Yellow.needs_reason() && !Light::Red.needs_reason());
        assert_eq!(Light::parse(" 赤 "), Some(Light::Red));
        assert_eq!(Light::parse("GREEN"), Some(Light::Green));
        assert_eq!(Light::parse("蓝"), None);
        assert_eq!(Light::sql_list(&[Light::Red, Light::Green]), "'红', '绿'");
        let m = Light::Red.refuse_move(Light::Yellow);
        assert!(m.zh.contains("可改为:绿"), "{}", m.zh);
        assert_eq!(serde_json::to_string(&Light::Yellow).unwrap(), "\"黄\"");
    }

    #[test]
    fn stored_as_the_chinese_name() {
        let conn = crate::db::sql::Connection::open_in_memory().unwrap();
        let back: Light = conn
            .query_row("SELECT ?1", [Light::Green], |r| r.get(0))
            .unwrap();
        assert_eq!(back, Light::Green);
        let stored: String = conn
            .query_row("SELECT ?1", [Light::Green], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, "绿");
        assert!(
            conn.query_row("SELECT '紫'", [], |r| r.get::<_, Light>(0))
                .is_err()
        );
    }
}
