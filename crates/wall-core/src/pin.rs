//! The PIN that lets a person close the kiosk on purpose, with a limit on
//! guessing: three wrong tries lock the pad for 30 seconds, and every
//! further wrong try doubles the wait, up to 15 minutes.
//!
//! Time is seconds from any fixed start, given by the caller.

/// Wrong tries allowed before the pad locks.
pub const FREE_TRIES: u32 = 3;
/// The first lock, and the longest.
const FIRST_LOCK_SECONDS: f64 = 30.0;
const MAX_LOCK_SECONDS: f64 = 15.0 * 60.0;

/// Why an entered PIN did not open the exit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Refusal {
    /// Wrong; this many tries are left before the pad locks.
    Wrong { tries_left: u32 },
    /// Too many wrong tries; try again after this many seconds.
    Locked { seconds: u32 },
    /// Nothing was entered (OK pressed on an empty pad): not a try.
    Empty,
}

/// Checks PINs and counts wrong tries.
#[derive(Debug, Clone, PartialEq)]
pub struct PinGate {
    pin: String,
    wrong: u32,
    locked_until: f64,
}

impl PinGate {
    pub fn new(pin: &str) -> PinGate {
        PinGate { pin: pin.trim().to_string(), wrong: 0, locked_until: f64::MIN }
    }

    /// Wrong tries since the last right one, and until when the pad is
    /// locked (on the caller's clock), to keep across a restart.
    pub fn lockout(&self) -> (u32, f64) {
        (self.wrong, self.locked_until)
    }

    /// Takes over the wrong tries and the lock of an earlier gate (another
    /// PIN after a config reload, or the last run before a restart).
    pub fn restore(&mut self, wrong: u32, locked_until: f64) {
        self.wrong = wrong;
        self.locked_until = locked_until;
    }

    /// Seconds until the pad takes a PIN again; `None` when it does now.
    pub fn locked_for(&self, now: f64) -> Option<u32> {
        (now < self.locked_until).then(|| (self.locked_until - now).ceil() as u32)
    }

    /// Checks `entered` at time `now`. A locked pad refuses even the right
    /// PIN, so guessing gains nothing.
    pub fn check(&mut self, entered: &str, now: f64) -> Result<(), Refusal> {
        if let Some(seconds) = self.locked_for(now) {
            return Err(Refusal::Locked { seconds });
        }
        if entered.trim().is_empty() {
            return Err(Refusal::Empty);
        }
        if constant_time_eq(entered.trim().as_bytes(), self.pin.as_bytes()) {
            self.wrong = 0;
            return Ok(());
        }
        self.wrong += 1;
        if self.wrong < FREE_TRIES {
            return Err(Refusal::Wrong { tries_left: FREE_TRIES - self.wrong });
        }
        let doublings = (self.wrong - FREE_TRIES).min(16);
        let seconds = (FIRST_LOCK_SECONDS * f64::from(1u32 << doublings)).min(MAX_LOCK_SECONDS);
        self.locked_until = now + seconds;
        Err(Refusal::Locked { seconds: seconds as u32 })
    }
}

/// Compares without stopping at the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Checks a PIN from the config: 4 to 12 digits.
pub fn validate(pin: &str) -> Result<(), String> {
    let pin = pin.trim();
    if (4..=12).contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err("the exit PIN must be 4 to 12 digits (the touch pad has only digits)".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_pin_opens_and_resets_the_count() {
        let mut gate = PinGate::new("2468");
        assert_eq!(gate.check("1111", 0.0), Err(Refusal::Wrong { tries_left: 2 }));
        assert_eq!(gate.check("2468", 1.0), Ok(()));
        assert_eq!(gate.check("1111", 2.0), Err(Refusal::Wrong { tries_left: 2 }), "the count starts over");
    }

    #[test]
    fn guessing_locks_the_pad_for_longer_each_time() {
        let mut gate = PinGate::new("2468");
        assert_eq!(gate.check("0000", 0.0), Err(Refusal::Wrong { tries_left: 2 }));
        assert_eq!(gate.check("0001", 1.0), Err(Refusal::Wrong { tries_left: 1 }));
        assert_eq!(gate.check("0002", 2.0), Err(Refusal::Locked { seconds: 30 }));
        // Locked: even the right PIN is refused until the time is up.
        assert_eq!(gate.check("2468", 10.0), Err(Refusal::Locked { seconds: 22 }));
        assert_eq!(gate.locked_for(31.9), Some(1));
        assert_eq!(gate.check("0003", 32.0), Err(Refusal::Locked { seconds: 60 }));
        assert_eq!(gate.check("0004", 92.0), Err(Refusal::Locked { seconds: 120 }));
        let mut late = 212.0;
        for _ in 0..10 {
            late += 900.0;
            let _ = gate.check("9999", late);
        }
        assert_eq!(gate.locked_for(late), Some(900), "never more than 15 minutes");
        assert_eq!(gate.check("2468", late + 900.0), Ok(()));
    }

    /// OK on an empty pad (a child, a stray touch) counted as a wrong try:
    /// three of them locked the pad against the facilitator.
    #[test]
    fn ok_on_an_empty_pad_is_not_a_wrong_try() {
        let mut gate = PinGate::new("2468");
        for at in 0..5 {
            assert_eq!(gate.check("", f64::from(at)), Err(Refusal::Empty));
            assert_eq!(gate.check("  ", f64::from(at)), Err(Refusal::Empty));
        }
        assert_eq!(gate.lockout().0, 0);
        assert_eq!(gate.check("1111", 6.0), Err(Refusal::Wrong { tries_left: 2 }));
        assert_eq!(gate.check("2468", 7.0), Ok(()));
    }

    #[test]
    fn pins_are_digits() {
        assert!(validate("2468").is_ok());
        assert!(validate("123").is_err());
        assert!(validate("12a4").is_err());
    }
}
