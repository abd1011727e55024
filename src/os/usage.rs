//! What the operating system says about this process: CPU time and resident
//! memory, for `--bench` and the soak run. Linux reads /proc; elsewhere the
//! figures are absent rather than wrong.

/// User + system CPU seconds used by this process so far.
pub fn cpu_seconds() -> Option<f64> {
    // SAFETY: getrusage only writes into the zeroed struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer is always allowed.
    let result = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    if result != 0 {
        return None;
    }
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Some(seconds(usage.ru_utime) + seconds(usage.ru_stime))
}

/// Resident memory now, in MiB.
pub fn resident_mib() -> Option<f64> {
    status_kib("VmRSS:").map(|kib| kib / 1024.0)
}

/// The highest resident memory so far, in MiB.
pub fn peak_resident_mib() -> Option<f64> {
    status_kib("VmHWM:").map(|kib| kib / 1024.0)
}

fn status_kib(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    line[field.len()..].trim().trim_end_matches("kB").trim().parse().ok()
}

/// The machine's host name (Linux), to tell the TVs of a fleet apart.
pub fn host_name() -> Option<String> {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname").ok()?;
    Some(name.trim().to_string()).filter(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_process_can_measure_itself() {
        let before = cpu_seconds().unwrap_or(0.0);
        let mut x = 0u64;
        for i in 0..3_000_000u64 {
            x = x.wrapping_add(i * i);
        }
        std::hint::black_box(x);
        assert!(cpu_seconds().unwrap_or(0.0) >= before);
        if cfg!(target_os = "linux") {
            let now = resident_mib().unwrap_or(0.0);
            let peak = peak_resident_mib().unwrap_or(0.0);
            assert!(now > 1.0 && peak >= now, "{now} MiB now, {peak} MiB peak");
        }
    }
}
