//! The Wall of Commitment: employees' personal promises as index cards
//! pinned to the wall. Each says who promised what, since when, and how
//! long is left; a kept promise gets a ✓ stamp, an overdue one says so, and
//! an old open promise yellows and curls so nobody can miss it.

use bevy::prelude::*;
use chrono::NaiveDate;

use crate::core::arrange::StableLayout;
use crate::core::i18n::Language;
use crate::core::layout::{LayoutItem, LayoutParams};
use crate::core::model::Commitment;
use crate::wall::cards::sync::NotePages;
use crate::wall::cards::{CardInfo, CardKey, Face, Stamp, Tone, pages_of};
use crate::wall::model::Wall;
use crate::wall::scenes::Scene;
use crate::wall::scenes::inputs::SceneInputs;
use crate::wall::shared::ScenePages;

/// A promise open this many weeks looks fully worn.
const WEEKS_TO_WORN: f32 = 8.0;

/// The arrangement of the promises, kept across polls.
#[derive(Resource, Debug, Default)]
struct CommitmentLayout(StableLayout);

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<CommitmentLayout>()
        .add_systems(Update, build_commitments.in_set(ScenePages::Commitment).run_if(in_state(Scene::Commitment)));
}

/// The promises in the order the wall shows them: open ones by due date
/// (overdue first, no date last), then the kept ones, newest first.
pub(crate) fn promises(wall: &Wall) -> Vec<&Commitment> {
    let mut promises: Vec<&Commitment> = wall.snapshot().map(|s| s.commitments.iter().collect()).unwrap_or_default();
    promises.sort_by(|a, b| {
        a.kept
            .cmp(&b.kept)
            .then_with(|| match (a.kept, a.due, b.due) {
                (false, Some(x), Some(y)) => x.cmp(&y),
                (false, Some(_), None) => std::cmp::Ordering::Less,
                (false, None, Some(_)) => std::cmp::Ordering::Greater,
                _ => b.made_on.cmp(&a.made_on),
            })
            .then_with(|| a.id.cmp(&b.id))
    });
    promises
}

/// A promise as a card: the person on top, the promise, the team and its
/// dates below; worn by the weeks it has been open.
pub(crate) fn promise_info(promise: &Commitment, language: Language, today: NaiveDate) -> CardInfo {
    let mut footer: Vec<String> = Vec::new();
    if let Some(team) = &promise.team {
        footer.push(language.team(team));
    }
    footer.push(language.since(promise.made_on));
    if let (Some(due), false) = (promise.due, promise.kept) {
        footer.push(language.due(due, today));
    }
    let overdue = !promise.kept && promise.due.is_some_and(|due| due < today);
    let stamp = if promise.kept {
        Some(Stamp { text: format!("✓ {}", language.kept()), tone: Tone::Good })
    } else if overdue {
        Some(Stamp { text: language.status_overdue().to_string(), tone: Tone::Bad })
    } else {
        None
    };
    let weeks_open = (today - promise.made_on).num_days().max(0) as f32 / 7.0;
    CardInfo {
        stack: super::super::cards::Stack::default(),
        id: CardKey::note(&promise.id),
        face: Face::Promise,
        label: promise.person.clone(),
        text: promise.promise.clone(),
        footer: footer.join(" · "),
        votes: 0,
        stamp,
        wear: if promise.kept { 0.0 } else { (weeks_open / WEEKS_TO_WORN).min(1.0) },
    }
}

fn build_commitments(
    inputs: SceneInputs,
    mut arrangement: ResMut<CommitmentLayout>,
    mut pages: ResMut<NotePages>,
    mut last_minute: Local<i64>,
) {
    let Some((area, now)) = inputs.due(&mut last_minute, false) else {
        return;
    };
    let SceneInputs { wall, config, measure, language, .. } = inputs;
    let today = config.zone().local(now).date();
    let infos: Vec<CardInfo> = promises(&wall).iter().map(|p| promise_info(p, language.0, today)).collect();
    let items: Vec<LayoutItem<'_>> = infos.iter().map(CardInfo::item).collect();
    let laid_out = arrangement.0.layout(&items, &LayoutParams::new(area.notes, area.text_px), &*measure.0);
    pages.set_if_neq(NotePages { pages: pages_of(&infos, &laid_out, &area) });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Team;

    fn day(month: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, d).unwrap_or_default()
    }

    fn promise(id: &str, made_on: NaiveDate, due: Option<NaiveDate>, kept: bool) -> Commitment {
        Commitment {
            id: id.into(),
            person: "Sanne".into(),
            team: Some(Team::CustomerService),
            promise: "Ik bel elke klacht binnen 24 uur terug.".into(),
            made_on,
            due,
            kept,
            approved: false,
        }
    }

    #[test]
    fn promises_say_since_when_how_long_is_left_and_wear_with_age() {
        let today = day(11, 23);
        let fresh = promise_info(&promise("a", day(11, 20), Some(day(11, 30)), false), Language::En, today);
        assert_eq!(fresh.footer, "Customer Service · since 20 Nov · due in 7 days");
        assert_eq!(fresh.stamp, None);
        assert!(fresh.wear < 0.1);

        let late = promise_info(&promise("b", day(9, 1), Some(day(11, 13)), false), Language::Nl, today);
        assert_eq!(late.footer, "Klantenservice · sinds 1 sep · 10 dagen over tijd");
        assert_eq!(late.stamp.as_ref().map(|s| s.tone), Some(Tone::Bad));
        assert_eq!(late.wear, 1.0, "twelve weeks open looks fully worn");

        let kept = promise_info(&promise("c", day(9, 1), Some(day(10, 1)), true), Language::En, today);
        assert_eq!(kept.stamp.as_ref().map(|s| s.text.as_str()), Some("✓ Kept"));
        assert_eq!(kept.wear, 0.0, "a kept promise is not a stale one");
    }
}
