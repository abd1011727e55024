//! The systemd units and the system user that ship in the .deb: what they
//! promise, read from the files themselves.

/// The shipped unit restarted the wall 5 s after a PIN exit (status 0).
#[test]
fn the_shipped_unit_restarts_on_failure_only() {
    let unit = include_str!("../../../deploy/wall-of-change.service");
    let restart: Vec<&str> = unit.lines().filter(|line| line.starts_with("Restart=")).collect();
    assert_eq!(restart, ["Restart=on-failure"]);
    assert!(unit.contains("WatchdogSec=") && unit.contains("Type=notify"));
}

/// A 30 s watchdog woke a still wall for a frame of its own every 15 s,
/// four a minute at tens of milliseconds each where the processor draws.
/// Both units' watchdogs let the pings ride on the clock's minute: half
/// the interval is a minute or more (see `core::clock::ping_due`).
#[test]
fn the_units_watchdog_rides_on_the_clocks_minute() {
    for unit in [
        include_str!("../../../deploy/wall-of-change.service"),
        include_str!("../../../deploy/wall-of-change-cage.service"),
    ] {
        let seconds: Option<f64> =
            unit.lines().find_map(|line| line.strip_prefix("WatchdogSec=")).and_then(|value| value.trim().parse().ok());
        assert!(seconds.is_some_and(|seconds| seconds / 2.0 >= 60.0), "WatchdogSec={seconds:?}");
        assert!(crate::core::clock::ping_due(Some(59.98), seconds.unwrap_or_default()));
    }
}

/// The unit is hardened, but not with what breaks drawing: Mesa's
/// software renderer writes machine code at run time, and the GPU is a
/// device.
#[test]
fn the_shipped_unit_is_hardened_without_breaking_the_renderer() {
    let unit = include_str!("../../../deploy/wall-of-change.service");
    let set = |key: &str| unit.lines().any(|line| line.starts_with(&format!("{key}=")));
    for key in ["NoNewPrivileges", "ProtectSystem", "ProtectHome", "PrivateTmp", "RestrictAddressFamilies", "UMask"] {
        assert!(set(key), "{key} is set");
    }
    for key in ["MemoryDenyWriteExecute", "PrivateDevices", "PrivateUsers", "PrivateNetwork"] {
        assert!(!set(key), "{key} would break drawing or fetching");
    }
}

/// The .deb creates one system user (deploy/wall-of-change.sysusers);
/// the cage unit must run as it, in the groups that open the GPU and
/// the touch screen. Neither unit loads a secret by default: a
/// `LoadCredential=` file that is missing stops the service.
#[test]
fn the_cage_unit_runs_as_the_packaged_user() {
    let sysusers = include_str!("../../../deploy/wall-of-change.sysusers");
    let cage = include_str!("../../../deploy/wall-of-change-cage.service");
    let desktop = include_str!("../../../deploy/wall-of-change.service");
    let user = sysusers.lines().find_map(|line| line.strip_prefix("u ")).and_then(|rest| rest.split(' ').next());
    assert_eq!(user, Some("wall-of-change"));
    assert!(cage.lines().any(|line| line == "User=wall-of-change"));
    for group in ["video", "render"] {
        assert!(sysusers.lines().any(|line| line == format!("m wall-of-change {group}")), "{group}");
    }
    // Touch comes with the logind session; input would give the user
    // every keyboard on the machine.
    assert!(!sysusers.lines().any(|line| line == "m wall-of-change input"));
    // The cage unit is hardened like the desktop one, less what a
    // compositor needs (devices, its socket in /run, its tty).
    let needs_for_cage = [
        "ProtectSystem=strict",
        "ProtectHome=read-only",
        "BindReadOnlyPaths=",
        "ProtectProc=",
        "ProcSubset=",
        "PrivateMounts=",
    ];
    let hardening = desktop
        .lines()
        .skip_while(|line| !line.starts_with("NoNewPrivileges="))
        .take_while(|line| !line.starts_with('['));
    for line in hardening.filter(|line| !line.is_empty() && !line.starts_with('#')) {
        if !needs_for_cage.iter().any(|left_out| line.starts_with(left_out)) {
            assert!(cage.lines().any(|cage_line| cage_line == line), "the cage unit lacks {line}");
        }
    }
    for unit in [cage, desktop] {
        assert!(!unit.lines().any(|line| line.starts_with("LoadCredential=")));
        let exec = unit.lines().find(|line| line.starts_with("ExecStart=")).unwrap_or_default();
        assert!(exec.ends_with(" wall-of-change") || exec == "ExecStart=wall-of-change", "{exec}");
    }
}
