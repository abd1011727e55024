//! The display servers a kiosk may have: a bare X server with no window
//! manager, Wayland (the same binary picks it at run time), and cage.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::*;

/// On a bare X server (no window manager: `xinit` kiosks, Xvfb) the
/// borderless fullscreen window stayed 800×600 in the top-left corner of a
/// 1920×1080 screen, the rest black and the wall clipped. The real binary,
/// fullscreen, on an Xvfb with no window manager.
#[test]
fn fullscreen_fills_a_screen_without_a_window_manager() {
    if !runs_here("the bare-X fullscreen test", xvfb_and_xdotool()) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wall-bare-x-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let script = r#"RUST_LOG=info "$BIN" --data-dir "$DATA" > "$DATA.log" 2>&1 &
        wall=$!
        for _ in $(seq 120); do grep -q "ready: showing" "$DATA.log" 2>/dev/null && break; sleep 0.5; done
        for _ in $(seq 40); do
            sleep 0.5
            xdotool getwindowgeometry "$(xdotool search --pid $wall 2>/dev/null | tail -1)" > "$DATA.geometry" 2>&1
            grep -q "Geometry: 1920x1080" "$DATA.geometry" && break
        done
        kill $wall; wait $wall"#;
    let status = xvfb_run()
        .args(["-a", "-s", "-screen 0 1920x1080x24", "sh", "-c", script])
        .env("BIN", env!("CARGO_BIN_EXE_wall-of-change"))
        .env("DATA", &dir)
        .status()
        .unwrap_or_else(|err| panic!("run xvfb-run: {err}"));
    let log = std::fs::read_to_string(dir.with_extension("log")).unwrap_or_default();
    let geometry = std::fs::read_to_string(dir.with_extension("geometry")).unwrap_or_default();
    assert!(log.contains("ready: showing"), "the wall started ({status}):\n{log}");
    assert!(geometry.contains("Geometry: 1920x1080"), "the window fills the screen:\n{geometry}\n{log}");
    assert!(geometry.contains("Position: 0,0"), "from its top-left corner:\n{geometry}");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(dir.with_extension("log"));
    let _ = std::fs::remove_file(dir.with_extension("geometry"));
}

/// Raspberry Pi OS shows its desktop through Wayland (labwc), and a
/// desktop-less kiosk through cage. The binary, with no X display at all,
/// fullscreen on a headless weston.
#[test]
fn the_same_binary_draws_on_wayland() {
    let weston = if has_program("weston", "--version") {
        Ok(())
    } else {
        Err("this test needs weston (apt-get install weston)".to_string())
    };
    if !runs_here("the Wayland test", weston) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wall-wayland-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let runtime = dir.join("runtime");
    let _ = std::fs::create_dir_all(&runtime);
    let _ = std::fs::set_permissions(&runtime, std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let mut compositor = Command::new("weston")
        .args(["--backend=headless-backend.so", "--socket=wall-test", "--width=1280", "--height=720"])
        .env("XDG_RUNTIME_DIR", &runtime)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|err| panic!("start weston: {err}"));
    for _ in 0..100 {
        if runtime.join("wall-test").exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let picture = dir.join("wayland.png");
    let output = Command::new(env!("CARGO_BIN_EXE_wall-of-change"))
        .args(["--at", "2026-11-23T10:00:00+01:00", "--screenshot"])
        .arg(&picture)
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("WAYLAND_DISPLAY", "wall-test")
        .env_remove("DISPLAY")
        .output();
    let _ = compositor.kill();
    let _ = compositor.wait();
    let output = output.unwrap_or_else(|err| panic!("run the wall: {err}"));
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && log.contains("ready: showing"), "the wall ran on Wayland:\n{log}");
    let size = png_size(&picture);
    assert_eq!(size, Some((1280, 720)), "fullscreen on the compositor's 1280x720 output:\n{log}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A desktop-less kiosk (Pi OS Lite, minimal Debian) runs the wall as the
/// only client of cage (deploy/wall-of-change-cage.service). cage refuses to
/// run as root, so as root the test runs it as `nobody` with a copy of the
/// binary that user can read.
#[test]
fn the_wall_is_the_only_client_of_a_cage_kiosk() {
    let cage =
        if has_program("cage", "-v") { Ok(()) } else { Err("this test needs cage (apt-get install cage)".to_string()) };
    if !runs_here("the cage test", cage) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wall-cage-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let runtime = dir.join("runtime");
    std::fs::create_dir_all(&runtime).unwrap_or_else(|err| panic!("create {}: {err}", runtime.display()));
    let binary = dir.join("wall-of-change");
    std::fs::copy(env!("CARGO_BIN_EXE_wall-of-change"), &binary).unwrap_or_else(|err| panic!("copy the wall: {err}"));
    let mode = |path: &Path, mode: u32| {
        let _ = std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(mode));
    };
    mode(&dir, 0o777);
    mode(&runtime, 0o700);
    let as_root = Command::new("id").arg("-u").output().is_ok_and(|out| out.stdout.starts_with(b"0\n"));
    if as_root {
        let chown = Command::new("chown").arg("nobody").arg(&runtime).status();
        assert!(chown.is_ok_and(|status| status.success()), "chown the runtime folder to nobody");
    }
    let picture = dir.join("cage.png");
    let mut command = Command::new(if as_root { "runuser" } else { "env" });
    if as_root {
        command.args(["-u", "nobody", "--", "env"]);
    }
    let output = command
        .args(["-u", "DISPLAY", "-u", "WAYLAND_DISPLAY"])
        .arg(format!("XDG_RUNTIME_DIR={}", runtime.display()))
        .arg(format!("XDG_CACHE_HOME={}", dir.display()))
        .args(["WLR_BACKENDS=headless", "WLR_RENDERER=pixman", "WLR_LIBINPUT_NO_DEVICES=1", "cage", "-d", "--"])
        .arg(&binary)
        .arg("--data-dir")
        .arg(dir.join("data"))
        .args(["--at", "2026-11-23T10:00:00+01:00", "--screenshot"])
        .arg(&picture)
        .output()
        .unwrap_or_else(|err| panic!("run cage: {err}"));
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(log.contains("ready: showing"), "the wall ran in cage ({}):\n{log}", output.status);
    assert_eq!(png_size(&picture), Some((1280, 720)), "fullscreen on cage's 1280x720 output:\n{log}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Width and height from a PNG's header.
fn png_size(path: &Path) -> Option<(u32, u32)> {
    let bytes = std::fs::read(path).ok()?;
    let word = |at: usize| Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
    Some((word(16)?, word(20)?))
}

/// Proof of display, on the real binary: a small picture of what the wall
/// draws appears in the data folder, status.json names it, and SIGUSR1
/// makes a fresh one. On X without a Wayland compositor the log has no
/// error line (Mesa's Wayland probe used to print two).
#[test]
fn the_wall_keeps_a_picture_of_its_screen_and_takes_one_on_sigusr1() {
    if !runs_here("the proof-of-display test", xvfb_and_xdotool()) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wall-proof-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let script = r#"env -u XDG_RUNTIME_DIR "$BIN" --windowed --size 1280x720 --data-dir "$DATA" > "$DATA.log" 2>&1 &
        wall=$!
        for _ in $(seq 120); do [ -f "$DATA/screen.png" ] && break; sleep 0.5; done
        sleep 1
        cp "$DATA/screen.png" "$DATA.first.png"
        # Heard of on the next frame drawn anyway: within the minute.
        for _ in $(seq 140); do grep -q '"screen": {' "$DATA/status.json" 2>/dev/null && break; sleep 0.5; done
        cp "$DATA/status.json" "$DATA.status.json"
        stat -c %Y.%y "$DATA/screen.png" > "$DATA.before"
        sleep 1.2
        kill -USR1 $wall
        for _ in $(seq 40); do [ "$(stat -c %Y.%y "$DATA/screen.png")" != "$(cat "$DATA.before")" ] && break; sleep 0.25; done
        stat -c %Y.%y "$DATA/screen.png" > "$DATA.after"
        kill $wall; wait $wall"#;
    let status = xvfb_run()
        .args(["-a", "-s", "-screen 0 1280x720x24", "sh", "-c", script])
        .env("BIN", env!("CARGO_BIN_EXE_wall-of-change"))
        .env("DATA", &dir)
        .status()
        .unwrap_or_else(|err| panic!("run xvfb-run: {err}"));
    let read = |ext: &str| std::fs::read_to_string(dir.with_extension(ext)).unwrap_or_default();
    let log = read("log");
    assert_eq!(png_size(&dir.with_extension("first.png")), Some((480, 270)), "a small picture ({status}):\n{log}");
    let status_json = read("status.json");
    assert!(status_json.contains("\"file\": \"screen.png\""), "{status_json}");
    assert!(status_json.contains("\"output\": \"1280x720\"") && status_json.contains("\"expected_dark\": false"));
    assert_ne!(read("before"), read("after"), "SIGUSR1 made a fresh picture:\n{log}");
    assert!(!log.contains("XDG_RUNTIME_DIR"), "no Wayland error line on a plain X start:\n{log}");
    let _ = std::fs::remove_dir_all(&dir);
    for ext in ["log", "first.png", "status.json", "before", "after"] {
        let _ = std::fs::remove_file(dir.with_extension(ext));
    }
}

/// Where the processor draws, every frame costs tens of milliseconds. A
/// picture of the screen took four: the one it pictured, one to wait for
/// the copy, one for Bevy to fetch it, one to hear it written. Now it
/// takes only the frame it pictures. A still wall, one page, one scene,
/// run twice for 12 s: once as it is, once with two SIGUSR1s.
#[test]
fn a_picture_of_the_screen_costs_no_frame_of_its_own() {
    if !runs_here("the picture-cost test", xvfb_and_xdotool()) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wall-proof-cost-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let script = r#"mkdir -p "$DATA"
        printf '(sources: [File(path: "%s", poll_seconds: 5)], display: Window(width: 1280, height: 720))' "$FEED" > "$DATA/still.ron"
        "$BIN" --config "$DATA/still.ron" --windowed --size 1280x720 --data-dir "$DATA/plain" --bench-idle 12 > "$DATA.plain" 2>&1
        RUST_LOG=info,wall_of_change::wall::kiosk::proof=debug \
            "$BIN" --config "$DATA/still.ron" --windowed --size 1280x720 --data-dir "$DATA/asked" --bench-idle 12 > "$DATA.asked" 2>&1 &
        wall=$!
        sleep 5; kill -USR1 $wall; sleep 3; kill -USR1 $wall
        wait $wall"#;
    let status = xvfb_run()
        .args(["-a", "-s", "-screen 0 1280x720x24", "sh", "-c", script])
        .env("BIN", env!("CARGO_BIN_EXE_wall-of-change"))
        .env("DATA", &dir)
        .env("FEED", Path::new(env!("CARGO_MANIFEST_DIR")).join("config/sample-feed.json"))
        .status()
        .unwrap_or_else(|err| panic!("run xvfb-run: {err}"));
    let read = |ext: &str| std::fs::read_to_string(dir.with_extension(ext)).unwrap_or_default();
    let frames = |out: &str| -> Option<u32> {
        out.lines().find_map(|line| line.strip_prefix("bench-idle: frames drawn")).and_then(|n| n.trim().parse().ok())
    };
    let (plain, asked) = (read("plain"), read("asked"));
    let (Some(plain_frames), Some(asked_frames)) = (frames(&plain), frames(&asked)) else {
        panic!("both runs ended with their figures ({status}):\n{plain}\n{asked}");
    };
    assert_eq!(png_size(&dir.join("asked/screen.png")), Some((480, 270)), "the pictures were taken:\n{asked}");
    assert_eq!(asked.matches("screen.png taken").count(), 2, "each SIGUSR1 made a picture:\n{asked}");
    println!("frames: {plain_frames} without pictures, {asked_frames} with two");
    // Two pictures, one frame each; one more where the clock's minute
    // fell in one run only, and one for a start-up that differed.
    assert!(
        asked_frames <= plain_frames + 4,
        "two pictures cost {} frames ({plain_frames} without, {asked_frames} with)",
        asked_frames.saturating_sub(plain_frames)
    );
    let _ = std::fs::remove_dir_all(&dir);
    for ext in ["plain", "asked"] {
        let _ = std::fs::remove_file(dir.with_extension(ext));
    }
}

/// The display goes away under a running wall (the X server or the
/// Wayland compositor is killed): the wall ends at once with status 4 and
/// says why, so the service starts it again; before, Xlib ended it with a
/// plain 1 and Wayland with "Failed to receive an app exit code! This is a
/// bug". Never a hang.
#[test]
fn the_wall_exits_with_status_4_when_its_display_goes_away() {
    let servers = if has_program("Xvfb", "-help") && has_program("weston", "--version") {
        Ok(())
    } else {
        Err("this test needs Xvfb and weston (apt-get install xvfb weston)".to_string())
    };
    if !runs_here("the display-lost test", servers) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wall-display-lost-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let runtime = dir.join("runtime");
    let _ = std::fs::create_dir_all(&runtime);
    let _ = std::fs::set_permissions(&runtime, std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let number = 60 + std::process::id() % 30;
    let x_socket = std::path::PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
    // What a crashed earlier run may have left: Xvfb would refuse the number.
    let _ = std::fs::remove_file(&x_socket);
    let _ = std::fs::remove_file(format!("/tmp/.X{number}-lock"));
    let kinds: [(&str, Vec<String>, std::path::PathBuf, Vec<(&str, String)>); 2] = [
        (
            "Xvfb",
            vec![format!(":{number}"), "-screen".into(), "0".into(), "1280x720x24".into()],
            x_socket,
            vec![("DISPLAY", format!(":{number}"))],
        ),
        (
            "weston",
            ["--backend=headless-backend.so", "--socket=wall-lost", "--width=1280", "--height=720"]
                .map(String::from)
                .to_vec(),
            runtime.join("wall-lost"),
            vec![("WAYLAND_DISPLAY", "wall-lost".into())],
        ),
    ];
    for (server, args, socket, env) in kinds {
        let mut display = Command::new(server)
            .args(&args)
            .env("XDG_RUNTIME_DIR", &runtime)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| panic!("start {server}: {err}"));
        for _ in 0..100 {
            if socket.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let log = dir.join(format!("{server}.log"));
        let mut wall = Command::new(env!("CARGO_BIN_EXE_wall-of-change"));
        wall.args(["--windowed", "--size", "1280x720", "--data-dir"])
            .arg(dir.join(server))
            .env("XDG_RUNTIME_DIR", &runtime)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .envs(env)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap_or_else(|err| panic!("{err}")));
        let mut wall = wall.spawn().unwrap_or_else(|err| panic!("start the wall: {err}"));
        let ready = (0..120).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(250));
            std::fs::read_to_string(&log).is_ok_and(|text| text.contains("ready: showing"))
        });
        let _ = display.kill();
        let _ = display.wait();
        let mut status = None;
        for _ in 0..80 {
            status = wall.try_wait().ok().flatten();
            if status.is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(250));
        }
        if status.is_none() {
            let _ = wall.kill();
        }
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        assert!(ready, "the wall started on {server}:\n{text}");
        assert_eq!(status.and_then(|s| s.code()), Some(4), "status 4 once {server} went away:\n{text}");
        assert!(text.contains("the display went away"), "{text}");
        let _ = std::fs::remove_file(&socket);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The screen changes size under a fullscreen wall on a bare X server
/// (another TV, a rotation to portrait): the wall follows within a few
/// seconds, without a restart. A resizable Xephyr inside an Xvfb is the
/// screen; winit reports it as 1×1, so before, the window stayed 800×600.
#[test]
fn a_fullscreen_wall_follows_its_screen_when_the_screen_changes_size() {
    let programs = if has_program("Xephyr", "-help") && xvfb_and_xdotool().is_ok() {
        Ok(())
    } else {
        Err("this test needs Xephyr, xvfb-run and xdotool (apt-get install xserver-xephyr xvfb xdotool)".to_string())
    };
    if !runs_here("the screen-resize test", programs) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wall-resize-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let inner = 40 + std::process::id() % 20;
    // What a crashed earlier run may have left: Xephyr would refuse the number.
    let _ = std::fs::remove_file(format!("/tmp/.X11-unix/X{inner}"));
    let _ = std::fs::remove_file(format!("/tmp/.X{inner}-lock"));
    let script = r#"Xephyr :$INNER -resizeable -screen 1280x720 > "$DATA/xephyr.log" 2>&1 &
        xephyr=$!
        for _ in $(seq 50); do [ -S /tmp/.X11-unix/X$INNER ] && break; sleep 0.1; done
        DISPLAY=:$INNER "$BIN" --data-dir "$DATA/data" > "$DATA/wall.log" 2>&1 &
        wall=$!
        for _ in $(seq 120); do grep -q "ready: showing" "$DATA/wall.log" 2>/dev/null && break; sleep 0.5; done
        geometry() { DISPLAY=:$INNER xdotool getwindowgeometry "$(DISPLAY=:$INNER xdotool search --pid $wall | tail -1)" | grep Geometry; }
        # Start-up under a loaded machine (the other tests render too) may
        # take a while; each change of size after it has 3 s.
        for _ in $(seq 30); do geometry > "$DATA/first"; grep -q 1280x720 "$DATA/first" && break; sleep 0.5; done
        xdotool windowsize "$(xdotool search --class Xephyr | head -1)" 1600 900
        sleep 3
        geometry > "$DATA/wide"
        xdotool windowsize "$(xdotool search --class Xephyr | head -1)" 720 1280
        sleep 3
        geometry > "$DATA/tall"
        xdotool windowsize "$(xdotool search --class Xephyr | head -1)" 1024 600
        sleep 3
        geometry > "$DATA/small"
        kill -0 $wall && echo running > "$DATA/alive"
        kill $wall; wait $wall; kill $xephyr"#;
    let status = xvfb_run()
        .args(["-a", "-s", "-screen 0 2400x1600x24", "sh", "-c", script])
        .env("BIN", env!("CARGO_BIN_EXE_wall-of-change"))
        .env("DATA", &dir)
        .env("INNER", inner.to_string())
        .status()
        .unwrap_or_else(|err| panic!("run xvfb-run: {err}"));
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
    let log = read("wall.log");
    assert!(read("first").contains("1280x720"), "fullscreen at the start ({status}): {}\n{log}", read("first"));
    assert!(read("wide").contains("1600x900"), "followed to 1600x900: {}\n{log}", read("wide"));
    assert!(read("tall").contains("720x1280"), "followed to portrait: {}\n{log}", read("tall"));
    assert!(read("small").contains("1024x600"), "and down to a smaller screen: {}\n{log}", read("small"));
    assert_eq!(read("alive").trim(), "running", "without a restart:\n{log}");
    let _ = std::fs::remove_dir_all(&dir);
}
