//! What the wall asks of Mesa's software renderer (lavapipe on llvmpipe),
//! where the processor draws. Mesa reads these settings from the
//! environment once, when the renderer starts, so `main` sets them before
//! anything else runs. A graphics chip's driver ignores them, and a value
//! the user set is kept.

/// The settings, each with the reason the wall wants it.
pub const SOFTWARE_RENDERER: [(&str, &str); 1] = [
    // llvmpipe skips the depth test. Everything on the wall is blended and
    // drawn back to front (no material writes depth, see `cards::assets`),
    // so every test passes anyway: the picture is the same and a 1080p frame
    // costs ~5 ms of CPU less (43–44 → 38–41 ms, `--bench 20`).
    ("LP_PERF", "no_depth"),
];

/// The settings of [`SOFTWARE_RENDERER`] that the environment lacks.
pub fn missing(is_set: impl Fn(&str) -> bool) -> Vec<(&'static str, &'static str)> {
    SOFTWARE_RENDERER.into_iter().filter(|(name, _)| !is_set(name)).collect()
}

/// Sets the missing settings in this process's environment.
///
/// Call it first thing in `main`, before any thread starts: setting the
/// environment is only sound while no other thread reads it.
pub fn prepare() {
    for (name, value) in missing(|name| std::env::var_os(name).is_some()) {
        // SAFETY: `main` calls this before it starts any thread, so nothing
        // reads the environment while it changes.
        unsafe { std::env::set_var(name, value) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_the_user_made_is_kept() {
        let all = missing(|_| false);
        assert_eq!(all.len(), SOFTWARE_RENDERER.len());
        assert!(all.iter().any(|(name, value)| (*name, *value) == ("LP_PERF", "no_depth")));
        assert!(missing(|name| name == "LP_PERF").is_empty());
    }
}
