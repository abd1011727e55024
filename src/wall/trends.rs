//! The wall's own weekly history for the Trends scene (`core::trends`),
//! kept in `<data_dir>/trends.json`: read at start, counted as notes arrive
//! and change status, and written crash-safely whenever it changes.

use bevy::prelude::*;

use crate::core::trends::Trends;
use crate::store::state::StateFile;
use crate::wall::model::{DataDir, Wall};
use crate::wall::scenes::{SceneContent, WallClock};
use crate::wall::shared::{WallConfig, WallSystems};

/// The weekly history, and the file it lives in (none without a data
/// folder).
#[derive(Resource, Debug, Default)]
pub(crate) struct TrendHistory {
    pub trends: Trends,
    file: StateFile,
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<TrendHistory>().add_systems(Startup, load).add_systems(
        Update,
        // Counted by the topic rules of this frame's config.
        (count, tell_the_rotation)
            .chain()
            .in_set(WallSystems::Record)
            .after(crate::wall::scenes::change::compile_topics),
    );
}

fn load(data_dir: Option<Res<DataDir>>, mut history: ResMut<TrendHistory>) {
    if let Some(data_dir) = data_dir {
        let (trends, file) = StateFile::load(data_dir.0.join("trends.json"), "the trends history");
        *history = TrendHistory { trends, file };
    }
}

/// Counts the notes on the wall when it changes, and writes the history
/// when that changed it.
fn count(
    wall: Res<Wall>,
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    rules: Option<Res<crate::wall::scenes::change::TopicRules>>,
    mut history: ResMut<TrendHistory>,
) {
    if !wall.is_changed() {
        return;
    }
    let Some(snapshot) = wall.snapshot() else {
        return;
    };
    // Each note under its topic: the stand-up's, else the source's, else
    // the team's rules'.
    let no_rules = crate::core::topics::Rules::new(&[]);
    let rules = rules.as_deref().map_or(&no_rules, |rules| &*rules.0);
    let decided = wall.decided_stories();
    let topic_of = |note: &crate::core::model::Note| match decided.topics.get(&note.id) {
        Some(topic) => topic.clone(),
        None => crate::core::topics::topic_of(note, rules).map(|(topic, _)| topic),
    };
    let notes = snapshot.notes.iter().map(|note| (wall.note_ref(&note.id).to_string(), note));
    if !history.bypass_change_detection().trends.observe_with_topics(notes, topic_of, config.zone(), clock.now()) {
        return;
    }
    history.set_changed();
    history.file.save(&history.trends);
}

/// The rotation shows the Trends scene once one of the weeks it shows (of
/// the configured team) has anything counted; checked when the history or
/// the config changes, and each minute (weeks move on).
fn tell_the_rotation(
    history: Res<TrendHistory>,
    config: Res<WallConfig>,
    clock: Res<WallClock>,
    mut content: ResMut<SceneContent>,
    mut last_minute: Local<Option<i64>>,
) {
    let minute = clock.now().timestamp() / 60;
    if !history.is_changed() && !config.is_changed() && *last_minute == Some(minute) {
        return;
    }
    *last_minute = Some(minute);
    let team = config.trends.team.as_deref().and_then(crate::core::model::Team::parse);
    let weeks = history.trends.last_weeks(config.zone(), clock.now(), team.as_ref().map(|team| team.key()));
    let counted = Trends::weeks_with_data(&weeks) > 0;
    if content.trends != counted {
        content.trends = counted;
    }
}
