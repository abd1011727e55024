//! Loopback servers for the wall's tests and benchmarks, over real
//! sockets on 127.0.0.1, so faults are real requests, never mocks:
//! `fake_graph` (Microsoft Graph: sign-in, a list's items and changes,
//! PATCH with ETags, throttling, lost answers) and `test_server` (scripted
//! answers, slow, cut off or trickling). The app takes this crate as a
//! dev-dependency only, so the wall's binary does not contain them.

// A test kit that cannot start its server stops the test loudly.
#![allow(clippy::panic)]

pub mod fake_graph;
pub mod test_server;
