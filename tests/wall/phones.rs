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

/// An X window dump (`xwd -root`, 24-bit TrueColor in 32-bit pixels) as a
/// PNG, for zbarimg.
fn xwd_to_png(xwd: &Path, png: &Path) -> Result<(), String> {
    let bytes = std::fs::read(xwd).map_err(|err| err.to_string())?;
    let word = |at: usize| -> Result<u32, String> {
        let raw: [u8; 4] = bytes.get(at * 4..at * 4 + 4).and_then(|b| b.try_into().ok()).ok_or("short header")?;
        Ok(u32::from_be_bytes(raw))
    };
    let (header, width, height) = (word(0)? as usize, word(4)?, word(5)?);
    let (byte_order, bits, line) = (word(7)?, word(11)?, word(12)? as usize);
    let colors = word(19)? as usize;
    if bits != 32 {
        return Err(format!("{bits} bits a pixel"));
    }
    let pixels = bytes.get(header + colors * 12..).ok_or("no pixels")?;
    let mut image = image::RgbImage::new(width, height);
    for (x, y, pixel) in image.enumerate_pixels_mut() {
        let at = y as usize * line + x as usize * 4;
        let raw: [u8; 4] = pixels.get(at..at + 4).and_then(|b| b.try_into().ok()).ok_or("short pixels")?;
        let value = if byte_order == 0 { u32::from_le_bytes(raw) } else { u32::from_be_bytes(raw) };
        *pixel = image::Rgb([(value >> 16) as u8, (value >> 8) as u8, value as u8]);
    }
    image.save(png).map_err(|err| err.to_string())
}

/// The stand-up's summary shows its minutes as a QR code: on the real
/// binary, after real key presses (S, then Esc), a phone's decoder reads
/// the minutes from the screen.
#[test]
fn the_minutes_scan_from_the_stand_ups_summary() {
    let programs = if has_program("zbarimg", "--version") && has_program("xwd", "-help") {
        xvfb_and_xdotool()
    } else {
        Err("this test needs zbarimg and xwd (apt-get install zbar-tools x11-apps)".to_string())
    };
    if !runs_here("the minutes QR test", programs) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wall-minutes-qr-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|err| panic!("create {}: {err}", dir.display()));
    let script = r#""$BIN" --windowed --size 1920x1080 --data-dir "$DATA/data" > "$DATA/wall.log" 2>&1 &
        wall=$!
        for _ in $(seq 120); do grep -q "ready: showing" "$DATA/wall.log" 2>/dev/null && break; sleep 0.5; done
        sleep 2
        xdotool windowfocus "$(xdotool search --pid $wall | tail -1)"
        xdotool key s
        for _ in $(seq 60); do grep -q "stand-up started" "$DATA/wall.log" && break; sleep 0.5; done
        sleep 2
        xdotool key Escape
        for _ in $(seq 60); do grep -q "stand-up minutes saved" "$DATA/wall.log" && break; sleep 0.5; done
        sleep 3
        xwd -root -silent > "$DATA/summary.xwd"
        kill $wall; wait $wall"#;
    let status = xvfb_run()
        .args(["-a", "-s", "-screen 0 1920x1080x24", "sh", "-c", script])
        .env("BIN", env!("CARGO_BIN_EXE_wall-of-change"))
        .env("DATA", &dir)
        .status()
        .unwrap_or_else(|err| panic!("run xvfb-run: {err}"));
    let log = std::fs::read_to_string(dir.join("wall.log")).unwrap_or_default();
    let png = dir.join("summary.png");
    xwd_to_png(&dir.join("summary.xwd"), &png).unwrap_or_else(|err| panic!("the screen ({status}): {err}\n{log}"));
    let decoded = Command::new("zbarimg").args(["--raw", "-q"]).arg(&png).output();
    let decoded = decoded.map(|out| String::from_utf8_lossy(&out.stdout).to_string()).unwrap_or_default();
    assert!(decoded.starts_with("# Stand-up "), "the minutes from the screen: {decoded:?}\n{log}");
    assert!(decoded.contains("| 1 |") || decoded.contains("1. "), "with the items: {decoded}");
    let _ = std::fs::remove_dir_all(&dir);
}
