//! Drill mode (演练模式): while a project is in it, everything OneMap writes out (every sheet,
//! file and audit row) is marked 【演练】 so nothing from an exercise can be mistaken for a real
//! incident.
//!
//! The mode is a project setting, so the window and every command-line run see the same state.
//! Exporters cannot forget the mark: each one takes an [`ExportMark`], which only the project
//! hands out ([`crate::store::Project::export_mark`]), and puts every title it writes through
//! [`ExportMark::title`].

use serde::{Deserialize, Serialize};

use super::feature::FeatureId;

/// The mark put in front of every title, sheet and log entry made in drill mode.
pub const DRILL_PREFIX: &str = "【演练】";

/// The drill-mode setting (`SettingKey::DrillMode`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DrillModeSetting {
    pub on: bool,
    /// The exercise's name, shown beside the watermark ("2024年危化品泄漏综合演练").
    pub exercise: String,
    /// The drill record it belongs to, when there is one.
    pub drill: Option<FeatureId>,
    /// When it was switched on (UTC, RFC 3339).
    pub since: Option<String>,
}

/// Whether an export is made in drill mode; the one gate every exporter passes its titles
/// through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportMark {
    drill: bool,
}

impl ExportMark {
    /// The mark for a project's current drill-mode setting. Only the store makes one, so an
    /// exporter always gets the project's real state.
    pub(crate) fn from_setting(s: &DrillModeSetting) -> Self {
        Self { drill: s.on }
    }

    /// A mark for exports that are never made from a project in drill mode (unit tests).
    #[cfg(test)]
    pub(crate) fn for_tests(drill: bool) -> Self {
        Self { drill }
    }

    pub fn is_drill(self) -> bool {
        self.drill
    }

    /// A title, sheet heading or summary line as it must be written: 【演练】 in front in
    /// drill mode (never twice).
    pub fn title(self, text: &str) -> String {
        if self.drill && !text.starts_with(DRILL_PREFIX) { format!("{DRILL_PREFIX}{text}") } else { text.to_string() }
    }

    /// A worksheet name (Excel allows 31 characters and no `[]:*?/\`).
    pub fn sheet_name(self, name: &str) -> String {
        let clean: String = name.chars().filter(|c| !"[]:*?/\\".contains(*c)).collect();
        self.title(&clean).chars().take(31).collect()
    }
}

/// True when a text carries the drill mark.
pub fn is_marked(text: &str) -> bool {
    text.trim_start().starts_with(DRILL_PREFIX)
}

/// The text without a leading drill mark.
pub fn unmark(text: &str) -> &str {
    let t = text.trim_start();
    t.strip_prefix(DRILL_PREFIX).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_marked_once_in_drill_mode_only() {
        let on = ExportMark::for_tests(true);
        let off = ExportMark::for_tests(false);
        assert_eq!(on.title("重点隐患问题动态整改台账"), "【演练】重点隐患问题动态整改台账");
        assert_eq!(on.title(&on.title("台账")), "【演练】台账");
        assert_eq!(off.title("台账"), "台账");
        assert_eq!(on.sheet_name("台账[1]"), "【演练】台账1");
        assert!(is_marked(" 【演练】台账"));
        assert_eq!(unmark("【演练】台账"), "台账");
    }
}
