//! What every scene's builder reads, and when it must lay out again.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use chrono::{DateTime, Utc};

use crate::core::i18n::Language;
use crate::core::metrics::Measure;
use crate::wall::cards::TextMeasure;
use crate::wall::model::Wall;
use crate::wall::scenes::{Scene, WallClock};
use crate::wall::shared::{ActiveLanguage, WallArea, WallConfig};

/// What every scene's builder reads: the model, the screen, the config,
/// the language of this round, the scene, the clock and the text measure.
#[derive(SystemParam)]
pub(crate) struct SceneInputs<'w> {
    pub wall: Res<'w, Wall>,
    pub area: Option<Res<'w, WallArea>>,
    pub config: Res<'w, WallConfig>,
    pub language: Res<'w, ActiveLanguage>,
    pub state: Res<'w, State<Scene>>,
    pub clock: Res<'w, WallClock>,
    pub measure: Res<'w, TextMeasure>,
}

/// What a scene's pages are laid out for: the screen, the smallest
/// letters, the language, the moment (ages, weeks) and the text measure.
#[derive(Clone, Copy)]
pub struct PageContext<'a> {
    pub area: WallArea,
    pub min_text_px: f32,
    pub language: Language,
    pub now: DateTime<Utc>,
    pub measure: &'a dyn Measure,
}

impl SceneInputs<'_> {
    /// The context of pages laid out on `area` at `now`.
    pub(crate) fn context(&self, area: WallArea, now: DateTime<Utc>) -> PageContext<'_> {
        PageContext { area, min_text_px: area.text_px, language: self.language.0, now, measure: &*self.measure.0 }
    }

    /// The screen and the time when the scene's cards must be laid out
    /// again: new data, a new screen, a new scene, a new config or
    /// language, a new minute (ages like "5 min ago" move on), or `also`; `None` otherwise.
    pub(crate) fn due(&self, last_minute: &mut i64, also: bool) -> Option<(WallArea, DateTime<Utc>)> {
        let area = self.area.as_ref()?;
        let now = self.clock.now();
        let minute = now.timestamp() / 60;
        let due = also
            || self.wall.is_changed()
            || area.is_changed()
            || self.config.is_changed()
            || self.language.is_changed()
            || self.state.is_changed()
            || minute != *last_minute;
        *last_minute = minute;
        due.then_some((**area, now))
    }
}
