//! Fair voting on a shared screen: a few votes per person (as far as a
//! screen can tell one), none twice for a note, and a cooldown per note.

use std::collections::HashMap;

/// The fair-voting rules of the config.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    /// A person's session ends after this many seconds without a touch.
    pub session_seconds: f64,
    /// At most this many votes per session.
    pub votes_per_session: usize,
    /// After a vote for a note, no vote for it from anyone for this long.
    pub cooldown_seconds: f64,
}

/// Why a vote was not taken.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Blocked {
    AlreadyVoted,
    SessionFull { limit: usize },
    Cooldown { seconds: u32 },
}

/// The person at the screen now (as far as a shared screen can know):
/// their votes since the last pause in touching.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session {
    last_touch: Option<f64>,
    voted: Vec<String>,
    /// When each note last got a vote on this wall, from anyone.
    last_vote: HashMap<String, f64>,
}

impl Session {
    /// A touch at `now`; a long pause first starts a new session.
    pub fn touch(&mut self, rules: &Rules, now: f64) {
        if self.last_touch.is_some_and(|at| now - at >= rules.session_seconds) {
            self.voted.clear();
        }
        self.last_touch = Some(now);
    }

    /// Whether a vote for `key` (source and note) may be cast now.
    pub fn check(&self, rules: &Rules, key: &str, now: f64) -> Result<(), Blocked> {
        let expired = self.last_touch.is_some_and(|at| now - at >= rules.session_seconds);
        let voted: &[String] = if expired { &[] } else { &self.voted };
        if voted.iter().any(|k| k == key) {
            return Err(Blocked::AlreadyVoted);
        }
        if voted.len() >= rules.votes_per_session {
            return Err(Blocked::SessionFull { limit: rules.votes_per_session });
        }
        if let Some(at) = self.last_vote.get(key)
            && now - at < rules.cooldown_seconds
        {
            return Err(Blocked::Cooldown { seconds: (rules.cooldown_seconds - (now - at)).ceil() as u32 });
        }
        Ok(())
    }

    /// Records a vote that was taken (after it is safely on disk).
    pub fn voted(&mut self, rules: &Rules, key: &str, now: f64) {
        self.touch(rules, now);
        self.voted.push(key.to_string());
        self.last_vote.insert(key.to_string(), now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fair_voting_rules() {
        let rules = Rules { session_seconds: 60.0, votes_per_session: 2, cooldown_seconds: 100.0 };
        let mut session = Session::default();
        session.touch(&rules, 0.0);
        assert_eq!(session.check(&rules, "0/n1", 1.0), Ok(()));
        session.voted(&rules, "0/n1", 1.0);
        assert_eq!(session.check(&rules, "0/n1", 2.0), Err(Blocked::AlreadyVoted));
        session.voted(&rules, "0/n2", 3.0);
        assert_eq!(session.check(&rules, "0/n3", 4.0), Err(Blocked::SessionFull { limit: 2 }));
        // A minute without a touch: the next person has their own votes...
        assert_eq!(session.check(&rules, "0/n3", 64.0), Ok(()), "the session expired");
        session.touch(&rules, 64.0);
        session.voted(&rules, "0/n3", 64.0);
        // ...but nobody can hammer a note: the cooldown is per note, for all.
        session.touch(&rules, 130.0);
        assert_eq!(session.check(&rules, "0/n3", 130.0), Err(Blocked::Cooldown { seconds: 34 }));
        assert_eq!(session.check(&rules, "0/n3", 164.0), Ok(()));
    }
}
