//! A Microsoft list shared by two walls, end to end: the real source
//! thread, sign-in, vote journal and outbox against the fake Graph on
//! 127.0.0.1.

use std::path::{Path, PathBuf};
use std::time::Duration;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use chrono::Utc;
use serde_json::json;

use wall_of_change::config::{self, LoadedConfig, Origin};
use wall_of_change::core::model::NoteRef;
use wall_of_change::wall::model::{DataDir, Wall};
use wall_of_change::wall::shared::{WallArea, WallConfig};
use wall_of_change::wall::voting::{self, book, detail};
use wall_testkit::fake_graph::{self, Shared};

use crate::support::*;

/// A wall whose one source is the list on the fake Graph at `base`, with
/// its data (journal) in `dir`, the client secret in a file beside its
/// config.
fn wall_on_list(base: &str, dir: &Path) -> App {
    let _ = std::fs::create_dir_all(dir);
    let _ = std::fs::write(dir.join("graph-secret"), "s3cr3t\n");
    let text = format!(
        r#"(sources: [MicrosoftList(tenant: "contoso.onmicrosoft.com", client_id: "wall", client_secret: File("graph-secret"),
            site: "root", list: "Klantfeedback", graph: "{base}", login: "{base}", poll_seconds: 1,
            columns: (kind: "Soort", votes: "Stemmen", vote_ids: "StemIds"), name: "lijst")])"#
    );
    let config = config::parse(&text, "wall.ron").unwrap_or_else(|err| panic!("the config is valid: {err}"));
    let loaded = LoadedConfig { config, origin: Origin::File(dir.join("wall.ron")), base_dir: dir.to_path_buf() };
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, bevy::input::InputPlugin))
        .insert_resource(WallConfig::new(loaded))
        .insert_resource(WallArea::for_screen(
            1920.0,
            1080.0,
            wall_of_change::core::reach::TextPx { body: 20.0, label: 20.0 },
        ))
        .insert_resource(DataDir(dir.to_path_buf()))
        .add_plugins(crate::support::wall_reading_sources)
        .add_plugins((voting::plugin, voting::outbox::plugin));
    app.update();
    app
}

/// Votes for list item `id` on this wall, as the detail view's button does.
fn vote_for(app: &mut App, id: &str) {
    app.world_mut().resource_mut::<detail::Detail>().note = Some(NoteRef { source: "lijst".into(), id: id.into() });
    app.world_mut().resource_scope(|world, mut book: Mut<book::VoteBook>| {
        let config = world.resource::<WallConfig>().clone();
        let now = world.resource::<Time<Real>>().elapsed_secs_f64();
        let mut detail = world.resource_mut::<detail::Detail>();
        detail::cast_vote(&mut detail, &mut book, (&config, config.first_language()), now, Utc::now());
    });
    app.update();
}

fn votes_in_list(graph: &Shared, id: &str) -> u64 {
    let graph = graph.lock().unwrap_or_else(|err| panic!("{err}"));
    graph.item(id).and_then(|item| item.fields.get("Stemmen")).and_then(|v| v.as_u64()).unwrap_or(0)
}

fn shown_votes(app: &App, id: &str) -> Option<u32> {
    let wall = app.world().resource::<Wall>();
    wall.snapshot().and_then(|s| s.notes.iter().find(|n| n.id == id)).map(|note| wall.shown_votes(note))
}

fn unsent(app: &App) -> usize {
    app.world().resource::<book::VoteBook>().ledger().map_or(usize::MAX, |ledger| ledger.unsent().count())
}

/// Two TVs read one list. A vote on each goes into the list's count, each
/// once; both walls then show the shared count, and the badge never
/// drops while the vote travels. A wall restarted afterwards sends
/// nothing again.
#[test]
fn two_walls_share_one_list_and_every_vote_counts_once() {
    let (base, graph) = fake_graph::start(vec![
        ("7", json!({"Title": "Retourlabel zat er niet bij", "Soort": "Klacht", "Stemmen": 3})),
        ("8", json!({"Title": "Chat ook in het weekend?", "Soort": "Idee"})),
    ])
    .unwrap_or_else(|err| panic!("{err}"));
    let root = std::env::temp_dir().join(format!("wall-list-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (hall, canteen): (PathBuf, PathBuf) = (root.join("hal"), root.join("kantine"));
    let mut walls = [wall_on_list(&base, &hall), wall_on_list(&base, &canteen)];
    for wall in &mut walls {
        assert!(update_until(wall, 20, |app| cards(app).len() == 2), "the list's two items are on the wall");
    }
    assert_eq!(shown_votes(&walls[0], "7"), Some(3));

    for wall in &mut walls {
        vote_for(wall, "7");
        assert_eq!(shown_votes(wall, "7"), Some(4), "counted here at once");
    }
    for wall in &mut walls {
        let mut lowest = u32::MAX;
        let sent = update_until(wall, 20, |app| {
            lowest = lowest.min(shown_votes(app, "7").unwrap_or(0));
            unsent(app) == 0 && shown_votes(app, "7") == Some(5)
        });
        assert!(sent, "the vote reached the list and the list was read back");
        assert!(lowest >= 4, "the badge never dropped below this wall's own count: {lowest}");
    }
    assert_eq!(votes_in_list(&graph, "7"), 5, "3 + one vote from each wall");

    // A restart: the journal says both votes were sent; nothing goes again.
    let patches = graph.lock().map(|g| g.patches_applied).unwrap_or_default();
    let [hall_wall, _canteen_wall] = walls;
    drop(hall_wall);
    let mut again = wall_on_list(&base, &hall);
    assert!(update_until(&mut again, 20, |app| shown_votes(app, "7") == Some(5)), "the shared count after a restart");
    for _ in 0..20 {
        again.update();
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(graph.lock().map(|g| g.patches_applied).unwrap_or_default(), patches, "nothing sent twice");
    assert_eq!(votes_in_list(&graph, "7"), 5);
    let _ = std::fs::remove_dir_all(&root);
}
