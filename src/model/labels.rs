//! Enumerations that have a Chinese label, an English key and an English display name.
//!
//! Files from Chinese offices write `一级站`, files from tools write `level1`; both must parse,
//! and the project file stores the Chinese label so QGIS users read the same words as the
//! regulations.

use thiserror::Error;

/// An enum value's names. Implemented through [`labelled_enum!`].
pub trait Labelled: Sized + Copy + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// What kind of value this is, for error messages ("station class").
    const WHAT: &'static str;
    /// The Chinese label, as stored in the project file.
    fn zh(self) -> &'static str;
    /// The stable English key (snake case), as used on the command line and in JSON.
    fn key(self) -> &'static str;
    /// The English display name.
    fn en(self) -> &'static str;
    /// Extra spellings accepted on input (abbreviations, older names).
    fn aliases(self) -> &'static [&'static str] {
        &[]
    }

    /// Parses a Chinese label, an English key or display name, or an alias (trimmed,
    /// case-insensitive for ASCII).
    fn parse(text: &str) -> Result<Self, UnknownLabel> {
        let t = text.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|v| {
                v.zh() == t
                    || v.key().eq_ignore_ascii_case(t)
                    || v.en().eq_ignore_ascii_case(t)
                    || v.aliases().iter().any(|a| a.eq_ignore_ascii_case(t))
            })
            .ok_or_else(|| UnknownLabel {
                what: Self::WHAT,
                value: t.to_string(),
                expected: Self::ALL.iter().map(|v| v.zh()).collect::<Vec<_>>().join(" / "),
            })
    }
}

/// A value that is not one of an enum's labels.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
#[error("unknown {what} \"{value}\" (expected one of: {expected})")]
pub struct UnknownLabel {
    pub what: &'static str,
    pub value: String,
    pub expected: String,
}

/// Declares a `Copy` enum with Chinese label, English key, English name and optional aliases,
/// and implements [`Labelled`], `Display` (Chinese) and serde as the English key.
#[macro_export]
macro_rules! labelled_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = ($zh:literal, $key:literal, $en:literal $(, [$($alias:literal),*])?) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $crate::model::Labelled for $name {
            const ALL: &'static [Self] = &[ $( Self::$variant ),+ ];
            const WHAT: &'static str = $what;
            fn zh(self) -> &'static str { match self { $( Self::$variant => $zh ),+ } }
            fn key(self) -> &'static str { match self { $( Self::$variant => $key ),+ } }
            fn en(self) -> &'static str { match self { $( Self::$variant => $en ),+ } }
            fn aliases(self) -> &'static [&'static str] {
                match self { $( Self::$variant => &[ $($($alias),*)? ] ),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::model::Labelled::zh(*self))
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::model::UnknownLabel;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <Self as $crate::model::Labelled>::parse(s)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::model::Labelled::key(*self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                <Self as $crate::model::Labelled>::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
