//! When the display goes away under the wall (the X server or the Wayland
//! compositor stops: a crash, a logout, a cage that died), the wall exits
//! with its own status, [`DISPLAY_LOST`], and says so, so the service
//! manager restarts it and the journal tells this apart from a fault of
//! the wall. Xlib ends the process itself when its connection breaks
//! (`exit(1)` from its I/O error handler), so the check also runs at exit.

use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The exit status when the display went away.
pub const DISPLAY_LOST: u8 = 4;

/// Set while the wall draws: an exit from inside a library meanwhile is
/// looked at.
static DRAWING: AtomicBool = AtomicBool::new(false);

/// Where a display named by `wayland` (`WAYLAND_DISPLAY`, with
/// `runtime_dir`) or `x11` (`DISPLAY`) listens: a socket path, or a TCP
/// address for an X display on another host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    Socket(PathBuf),
    Tcp(String),
}

/// The display the wall draws on, from its environment: Wayland where one
/// is named, else X11; `None` when neither is.
pub fn endpoint(wayland: Option<&str>, runtime_dir: Option<&str>, x11: Option<&str>) -> Option<Endpoint> {
    if let Some(name) = wayland.filter(|name| !name.is_empty()) {
        let path = PathBuf::from(name);
        return Some(Endpoint::Socket(if path.is_absolute() { path } else { PathBuf::from(runtime_dir?).join(path) }));
    }
    // ":0", ":0.0", "unix:1", "host:10.0".
    let display = x11.filter(|name| !name.is_empty())?;
    let (host, rest) = display.rsplit_once(':')?;
    let number: u16 = rest.split('.').next()?.parse().ok()?;
    match host {
        "" | "unix" => Some(Endpoint::Socket(PathBuf::from(format!("/tmp/.X11-unix/X{number}")))),
        host => Some(Endpoint::Tcp(format!("{host}:{}", 6000 + u32::from(number)))),
    }
}

/// Whether the display the environment names still takes connections.
pub fn reachable() -> bool {
    let var = |name: &str| std::env::var(name).ok();
    let found =
        endpoint(var("WAYLAND_DISPLAY").as_deref(), var("XDG_RUNTIME_DIR").as_deref(), var("DISPLAY").as_deref());
    match found {
        Some(Endpoint::Socket(path)) => UnixStream::connect(&path).is_ok() || abstract_socket(&path),
        Some(Endpoint::Tcp(address)) => {
            use std::net::ToSocketAddrs;
            address
                .to_socket_addrs()
                .ok()
                .and_then(|mut addrs| addrs.next())
                .is_some_and(|address| std::net::TcpStream::connect_timeout(&address, Duration::from_secs(2)).is_ok())
        }
        None => false,
    }
}

/// An X server may listen on the abstract socket of the same name only
/// (Linux), with no file in `/tmp/.X11-unix` (a service's private /tmp).
fn abstract_socket(path: &std::path::Path) -> bool {
    use std::os::linux::net::SocketAddrExt;
    let Some(name) = path.to_str().filter(|name| name.starts_with("/tmp/.X11-unix/")) else {
        return false;
    };
    std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes())
        .and_then(|address| UnixStream::connect_addr(&address))
        .is_ok()
}

/// Whether the display is gone: not reachable now, or within the next
/// second. A server that is dying may close the wall's connection a moment
/// before its listening socket, and a connection made in that moment
/// still succeeds.
pub fn gone() -> bool {
    (0..5).any(|attempt| {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(250));
        }
        !reachable()
    })
}

/// The wall starts drawing: an exit from inside a library (Xlib) from now
/// on ends with [`DISPLAY_LOST`] when the display is gone.
pub fn drawing() {
    DRAWING.store(true, Ordering::SeqCst);
    static HOOKED: std::sync::Once = std::sync::Once::new();
    HOOKED.call_once(|| {
        // SAFETY: registers a plain function; it only reads an atomic,
        // connects a socket and ends the process.
        unsafe { libc::atexit(at_exit) };
    });
}

/// The wall stopped drawing by itself (its loop returned).
pub fn stopped() {
    DRAWING.store(false, Ordering::SeqCst);
}

/// The message for the journal when the display went away.
pub fn lost_message() -> String {
    format!(
        "the display went away (the X server or the Wayland compositor stopped); exiting with status {DISPLAY_LOST} so the service starts the wall again"
    )
}

extern "C" fn at_exit() {
    if DRAWING.load(Ordering::SeqCst) && gone() {
        eprintln!("error: {}", lost_message());
        // SAFETY: ends the process at once, as exit was about to.
        unsafe { libc::_exit(i32::from(DISPLAY_LOST)) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_display_is_found_where_the_environment_names_it() {
        let socket = |path: &str| Some(Endpoint::Socket(PathBuf::from(path)));
        assert_eq!(endpoint(Some("wayland-1"), Some("/run/user/1000"), Some(":0")), socket("/run/user/1000/wayland-1"));
        assert_eq!(endpoint(Some("/tmp/wl"), None, None), socket("/tmp/wl"));
        assert_eq!(endpoint(Some("wayland-1"), None, None), None, "no runtime dir: nowhere to look");
        assert_eq!(endpoint(None, None, Some(":0")), socket("/tmp/.X11-unix/X0"));
        assert_eq!(endpoint(Some(""), None, Some(":1.0")), socket("/tmp/.X11-unix/X1"));
        assert_eq!(endpoint(None, None, Some("unix:2")), socket("/tmp/.X11-unix/X2"));
        assert_eq!(endpoint(None, None, Some("tv-host:10.0")), Some(Endpoint::Tcp("tv-host:6010".into())));
        assert_eq!(endpoint(None, None, Some("nonsense")), None);
        assert_eq!(endpoint(None, None, None), None);
    }
}
