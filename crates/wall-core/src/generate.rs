//! Large, realistic wall feeds for benchmarks and soak runs: N notes of all
//! kinds, teams and lengths, the same for the same N and seed.

use chrono::{DateTime, Duration, Utc};

use super::model::{Commitment, Note, NoteKind, Snapshot, Status, Team};

const OPENINGS: &[&str] = &[
    "Waited forty minutes on the phone",
    "De monteur kwam op de verkeerde dag",
    "My invoice is higher than last month",
    "Graag een sms als de storing voorbij is",
    "The app logs me out every day",
    "Waarom is de prijs voor nieuwe klanten lager",
    "Chat closed while I was still typing",
    "Zet de storingskaart in de app",
    "Please explain the new tariffs on one page",
    "Ik wil mijn termijnbedrag zelf aanpassen",
];

const TAILS: &[&str] = &[
    "and nobody told me how long it would take.",
    "en niemand belde terug.",
    "which happened twice this month.",
    "dat zou veel telefoontjes schelen.",
    "I had to explain everything again to a new person.",
    "graag zonder kleine lettertjes.",
    "It would save me a day off work.",
    "Dank jullie wel alvast! 🙏",
];

/// A deterministic source of variety.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next() as usize % items.len()]
    }
}

/// One generated note; `serial` makes its id and text unique.
pub fn note(serial: u64, now: DateTime<Utc>, rng_seed: u64) -> Note {
    let mut rng = Rng(rng_seed ^ serial.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let kind = *rng.pick(&NoteKind::ALL);
    // Lengths like real post-its: mostly one or two sentences, some long.
    let sentences = match rng.next() % 10 {
        0 => 0,
        1..=6 => 1,
        7 | 8 => 2,
        _ => 5,
    };
    let mut text = format!("{} (#{serial})", rng.pick(OPENINGS));
    for _ in 0..sentences {
        text.push(' ');
        let tail: &&str = rng.pick(TAILS);
        text.push_str(tail);
    }
    let team = [Team::CustomerService, Team::Marketing, Team::Operations][rng.next() as usize % 3].clone();
    Note {
        id: format!("gen-{serial}"),
        kind,
        text,
        created_at: now - Duration::minutes((rng.next() % (60 * 24 * 30)) as i64),
        team: Some(team),
        noted_by: Some((*rng.pick(&["Sanne", "Ahmed", "Lotte", "Ruben", "Fatima", "Noor", "Daan"])).to_string()),
        customer: Some((*rng.pick(&["J. de Vries", "Mrs. Bakker", "Kees", "E. Smit", "Zoë"])).to_string()),
        praised: (kind == NoteKind::Compliment).then(|| "Ruben".to_string()),
        status: *rng.pick(&[
            Status::New,
            Status::New,
            Status::Discussed,
            Status::Planned,
            Status::InProgress,
            Status::Done,
        ]),
        votes: (rng.next() % 12) as u32,
        tags: Vec::new(),
        approved: false,
        url: None,
        topic: None,
    }
}

/// A snapshot with `notes` notes and a commitment for every 20 notes.
pub fn snapshot(notes: usize, now: DateTime<Utc>) -> Snapshot {
    let commitments = (0..notes.div_ceil(20))
        .map(|i| Commitment {
            id: format!("promise-{i}"),
            person: ["Sanne", "Ahmed", "Lotte", "Ruben"][i % 4].to_string(),
            team: Some(Team::CustomerService),
            promise: "I call every customer back myself the same day.".to_string(),
            made_on: now.date_naive() - Duration::days((i % 60) as i64),
            due: Some(now.date_naive() + Duration::days(30)),
            kept: i % 5 == 0,
            approved: true,
        })
        .collect();
    Snapshot {
        notes: (0..notes as u64).map(|serial| note(serial, now, 7)).collect(),
        commitments,
        read_at: now,
        withheld: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::wall::{Syntax, parse, to_json};

    #[test]
    fn generated_feeds_are_valid_varied_and_repeatable() {
        let now = Utc::now();
        let snapshot = snapshot(1000, now);
        assert_eq!(snapshot.notes.len(), 1000);
        for kind in NoteKind::ALL {
            assert!(snapshot.notes.iter().filter(|n| n.kind == kind).count() > 100, "{kind}");
        }
        let lengths: Vec<usize> = snapshot.notes.iter().map(|n| n.text.len()).collect();
        assert!(lengths.iter().min() < Some(&60) && lengths.iter().max() > Some(&200));
        let parsed = parse(&to_json(&snapshot), Syntax::Json, now);
        assert_eq!(parsed.map(|p| (p.snapshot.notes.len(), p.skipped.len())), Ok((1000, 0)));
        assert_eq!(super::snapshot(50, now), super::snapshot(50, now));
    }
}
