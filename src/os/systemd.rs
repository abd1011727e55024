//! Tells systemd how the wall is doing, through the `sd_notify` protocol:
//! a datagram with "READY=1" or "WATCHDOG=1" to the socket in
//! `$NOTIFY_SOCKET`. No library needed; without the variable (not started
//! by systemd) nothing is sent.

use std::io;
use std::os::unix::net::UnixDatagram;
use std::path::PathBuf;
use std::time::Duration;

/// Somewhere to send notifications; tests put a fake in.
pub trait Notifier: Send + Sync {
    fn notify(&self, state: &str) -> io::Result<()>;
}

/// Where `$NOTIFY_SOCKET` points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SocketAddress {
    Path(PathBuf),
    /// A Linux abstract socket, written "@name".
    Abstract(Vec<u8>),
}

/// The socket systemd listens on for this service.
#[derive(Debug)]
pub struct Systemd {
    address: SocketAddress,
    socket: UnixDatagram,
}

impl Systemd {
    /// The notifier for `$NOTIFY_SOCKET`, or `None` when systemd did not
    /// ask for notifications.
    pub fn from_env() -> Option<io::Result<Systemd>> {
        let value = std::env::var_os("NOTIFY_SOCKET")?;
        let text = value.to_string_lossy();
        let address = match text.strip_prefix('@') {
            Some(name) => SocketAddress::Abstract(name.as_bytes().to_vec()),
            None => SocketAddress::Path(PathBuf::from(&value)),
        };
        Some(UnixDatagram::unbound().map(|socket| Systemd { address, socket }))
    }
}

impl Notifier for Systemd {
    fn notify(&self, state: &str) -> io::Result<()> {
        match &self.address {
            SocketAddress::Path(path) => self.socket.send_to(state.as_bytes(), path).map(|_| ()),
            SocketAddress::Abstract(name) => {
                #[cfg(target_os = "linux")]
                {
                    use std::os::linux::net::SocketAddrExt;
                    let address = std::os::unix::net::SocketAddr::from_abstract_name(name)?;
                    self.socket.send_to_addr(state.as_bytes(), &address).map(|_| ())
                }
                #[cfg(not(target_os = "linux"))]
                {
                    let _ = name;
                    Err(io::Error::new(io::ErrorKind::Unsupported, "abstract sockets need Linux"))
                }
            }
        }
    }
}

/// How often systemd wants a watchdog ping: `$WATCHDOG_USEC`, when it is
/// meant for this process (`$WATCHDOG_PID` unset or ours).
pub fn watchdog_interval() -> Option<Duration> {
    let usec: u64 = std::env::var("WATCHDOG_USEC").ok()?.trim().parse().ok()?;
    if let Ok(pid) = std::env::var("WATCHDOG_PID")
        && pid.trim().parse::<u32>().ok() != Some(std::process::id())
    {
        return None;
    }
    (usec > 0).then(|| Duration::from_micros(usec))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notifications_reach_a_listening_socket() -> io::Result<()> {
        let dir = std::env::temp_dir().join(format!("wall-notify-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("notify.sock");
        let _ = std::fs::remove_file(&path);
        let listener = UnixDatagram::bind(&path)?;
        let systemd = Systemd { address: SocketAddress::Path(path.clone()), socket: UnixDatagram::unbound()? };
        systemd.notify("READY=1")?;
        let mut buffer = [0u8; 64];
        let n = listener.recv(&mut buffer)?;
        assert_eq!(&buffer[..n], b"READY=1");
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }
}
