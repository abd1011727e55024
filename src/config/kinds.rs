//! How the config names note kinds: one kind as a string in English or
//! Dutch, and a helpdesk's own values mapped to kinds.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::core::model::NoteKind;

/// A note kind in the config, written as a string in English or Dutch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindSetting(pub NoteKind);

impl Serialize for KindSetting {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.key())
    }
}

impl<'de> Deserialize<'de> for KindSetting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<KindSetting, D::Error> {
        let text = String::deserialize(deserializer)?;
        NoteKind::parse(&text).map(KindSetting).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown kind {text:?}; use \"recommendation\", \"complaint\", \"suggestion\", \"idea\", \"question\" or \"compliment\""
            ))
        })
    }
}

/// The kind of a mapped item from one of its fields:
/// `kind: (from: "/score", map: {"good": "compliment", "bad": "complaint"}, default: "suggestion")`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappedKind {
    /// A JSON pointer to the field.
    pub from: String,
    /// The field's values (as text: `"103"` for a number) and their kinds.
    #[serde(default)]
    pub map: BTreeMap<String, KindSetting>,
    /// The kind of any other value.
    #[serde(default = "suggestion")]
    pub default: KindSetting,
}

fn suggestion() -> KindSetting {
    KindSetting(NoteKind::Suggestion)
}
