//! What the wall asks of Mesa's software renderer (lavapipe on llvmpipe)
//! and its Vulkan layers,
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

/// Mesa's "device select" Vulkan layer looks for a Wayland compositor
/// whenever the renderer lists the graphics devices, and where none is
/// named it prints `error: XDG_RUNTIME_DIR is invalid or not set in the
/// environment.` (twice) into the journal of every start on X11 or cage:
/// errors where nothing is wrong. Where no Wayland display is named the
/// layer is left out; wgpu picks the device itself either way.
const NO_WAYLAND: (&str, &str) = ("NODEVICE_SELECT", "1");

/// The settings the environment lacks: those of [`SOFTWARE_RENDERER`], and
/// [`NO_WAYLAND`] where neither `WAYLAND_DISPLAY` nor `WAYLAND_SOCKET`
/// names a compositor.
pub fn missing(is_set: impl Fn(&str) -> bool) -> Vec<(&'static str, &'static str)> {
    let no_wayland = !is_set("WAYLAND_DISPLAY") && !is_set("WAYLAND_SOCKET");
    SOFTWARE_RENDERER.into_iter().chain(no_wayland.then_some(NO_WAYLAND)).filter(|(name, _)| !is_set(name)).collect()
}

/// Sets the missing settings in this process's environment.
///
/// # Safety
///
/// Setting the environment is only sound while no other thread reads or
/// writes it: call this before any thread starts (first thing in `main`).
pub unsafe fn prepare() {
    for (name, value) in missing(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty())) {
        // SAFETY: the caller promises no other thread runs yet.
        unsafe { std::env::set_var(name, value) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_the_user_made_is_kept() {
        let on_wayland = |name: &str| name == "WAYLAND_DISPLAY";
        let all = missing(on_wayland);
        assert_eq!(all.len(), SOFTWARE_RENDERER.len());
        assert!(all.iter().any(|(name, value)| (*name, *value) == ("LP_PERF", "no_depth")));
        assert!(missing(|name| name == "LP_PERF" || on_wayland(name)).is_empty());
    }

    /// On X11 (no Wayland display named) the device-select layer, which
    /// printed two errors at every start, is left out; under a compositor
    /// it stays, and so does the user's own choice.
    #[test]
    fn the_wayland_probe_is_left_out_where_no_compositor_is_named() {
        assert!(missing(|_| false).contains(&("NODEVICE_SELECT", "1")));
        assert!(!missing(|name| name == "WAYLAND_DISPLAY").contains(&("NODEVICE_SELECT", "1")));
        assert!(!missing(|name| name == "WAYLAND_SOCKET").contains(&("NODEVICE_SELECT", "1")));
        assert!(!missing(|name| name == "NODEVICE_SELECT").iter().any(|(name, _)| *name == "NODEVICE_SELECT"));
    }
}
