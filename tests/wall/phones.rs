//! The phone in every pocket: the QR codes on the wall must scan from a
//! real screenshot, decoded by zbarimg (Debian's zbar-tools).

use std::path::Path;
use std::process::Command;

use crate::support::*;

/// The Wall of Change with `add_url` shows a code for it in its corner,
/// and a note with its own page (`url` in the feed) shows that page's code
/// in its detail view (`--open`). Both decode from one screenshot.
#[test]
fn both_qr_codes_scan_from_a_real_screenshot() {
    let zbar = if has_program("zbarimg", "--version") {
        xvfb_and_xdotool()
    } else {
        Err("this test needs zbarimg (apt-get install zbar-tools)".to_string())
    };
    if !runs_here("the QR test", zbar) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wall-qr-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|err| panic!("create {}: {err}", dir.display()));
    let add = "https://forms.gle/WallOfChange2026";
    let page = "https://feedback.example.com/posts/101/telefonische-wachttijd";
    let feed = format!(
        r#"{{"version": 1, "notes": [
            {{"id": "n-101", "kind": "complaint", "text": "Waited 45 minutes on the phone.", "created_at": "2026-11-23T08:42:00+01:00", "url": "{page}"}},
            {{"id": "n-102", "kind": "idea", "text": "A call-back slot in the app.", "created_at": "2026-11-22T08:42:00+01:00"}}]}}"#
    );
    write(&dir.join("feed.json"), &feed);
    write(&dir.join("wall.ron"), &format!("(add_url: \"{add}\", sources: [File(path: \"feed.json\")])"));
    let picture = dir.join("qr.png");
    let status = xvfb_run()
        .args(["-a", "-s", "-screen 0 1920x1080x24"])
        .arg(env!("CARGO_BIN_EXE_wall-of-change"))
        .arg("--config")
        .arg(dir.join("wall.ron"))
        .args([
            "--windowed",
            "--size",
            "1280x720",
            "--at",
            "2026-11-23T10:00:00+01:00",
            "--scene",
            "change",
            "--open",
            "n-101",
        ])
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--screenshot")
        .arg(&picture)
        .status()
        .unwrap_or_else(|err| panic!("run xvfb-run: {err}"));
    assert!(status.success() && picture.is_file(), "the wall took its screenshot ({status})");
    let decoded = Command::new("zbarimg").args(["--raw", "-q"]).arg(&picture).output();
    let decoded = decoded.map(|out| String::from_utf8_lossy(&out.stdout).to_string()).unwrap_or_default();
    let mut codes: Vec<&str> = decoded.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
    codes.sort();
    assert_eq!(codes, [page, add], "both codes decode from the screenshot");
    let _ = std::fs::remove_dir_all(&dir);
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|err| panic!("write {}: {err}", path.display()));
}
