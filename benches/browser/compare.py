#!/usr/bin/env python3
"""The Bevy wall against a browser kiosk showing the same wall.

Runs each contender in its own Xvfb screen of the same size, samples
/proc for the whole process tree (the browser's many processes added up),
and prints start-up time, CPU over a fixed window after start-up, and
resident memory (RSS summed, and PSS, which counts shared pages once).

    python3 benches/browser/compare.py --wall target/release/wall-of-change

Needs Xvfb, xwd (x11-apps) and, for the browser, Debian's chromium.
`--runs 3` runs each contender three times per mode and reports the median. The browser side is
benches/browser/wall.html: the same feed, colours, font, grid and motion.
Modes: "moving" (a note a second, pages every 3 s, scenes every 5 s: the
wall's --bench), "still" (only the clock: the wall's --bench-idle) and
"rotation" (what a TV does all day: the default config's scenes, 60 s and
4 × 30 s, the Fame spotlight every 8 s, the countdown every 15 s; run it
with --seconds 150 or more).
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TICK = os.sysconf("SC_CLK_TCK")


def read(path):
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def tree(root):
    """The pids of `root` and all its descendants."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = read(f"/proc/{entry}/stat")
            if stat:
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children.get(pid, []))
    return pids


def cpu_seconds(pid):
    stat = read(f"/proc/{pid}/stat")
    if not stat:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def kib(text, key):
    match = re.search(rf"^{key}:\s+(\d+) kB", text, re.M)
    return int(match.group(1)) if match else 0


class Sampler:
    """CPU and memory of a process tree; a process that exits keeps the CPU
    it was last seen with."""

    def __init__(self, root):
        self.root = root
        self.cpu = {}
        self.peak_rss = self.peak_pss = 0
        self.rss = self.pss = 0
        self.processes = 0

    def sample(self):
        rss = pss = 0
        pids = tree(self.root)
        for pid in pids:
            seconds = cpu_seconds(pid)
            if seconds is not None:
                self.cpu[pid] = seconds
            rss += kib(read(f"/proc/{pid}/status"), "VmRSS")
            pss += kib(read(f"/proc/{pid}/smaps_rollup"), "Pss")
        if rss:
            self.rss, self.pss = rss, pss
            self.processes = max(self.processes, len(pids))
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_pss = max(self.peak_pss, pss)

    def total_cpu(self):
        return sum(self.cpu.values())


# Paper colours of the sample wall (complaint pink, recommendation green,
# suggestion blue): the screen shows notes once enough pixels have them.
PAPERS = [(0xFF, 0x9A, 0xA2), (0x9A, 0xE6, 0x8E), (0x8E, 0xCF, 0xF5)]


def notes_on_screen(display, size):
    """Whether the X screen shows notes: a sample of its pixels (xwd, from
    x11-apps) has enough of the papers' colours. Both contenders are timed
    this way, from launch to the first such screen."""
    shot = subprocess.run(["xwd", "-root", "-silent", "-display", display], capture_output=True)
    pixels = shot.stdout[-size[0] * size[1] * 4:]
    hits = 0
    for at in range(0, len(pixels) - 3, 4 * 97):
        b, g, r = pixels[at], pixels[at + 1], pixels[at + 2]
        if any(abs(r - pr) < 12 and abs(g - pg) < 12 and abs(b - pb) < 12 for pr, pg, pb in PAPERS):
            hits += 1
    return hits > 50


def start_xvfb(size):
    for display in range(90, 120):
        if not Path(f"/tmp/.X11-unix/X{display}").exists() and not Path(f"/tmp/.X{display}-lock").exists():
            break
    xvfb = subprocess.Popen(
        ["Xvfb", f":{display}", "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if Path(f"/tmp/.X11-unix/X{display}").exists():
            return xvfb, f":{display}"
        time.sleep(0.05)
    xvfb.kill()
    sys.exit("Xvfb did not start; install it with: apt-get install -y xvfb")


def measure(name, command, size, settle, seconds, ends_itself=False):
    """Runs `command` on a fresh Xvfb; CPU counts from `settle` seconds after
    launch for `seconds`. Start-up is the time from launch until the screen
    shows notes. A command that `ends_itself` is waited for (it reports as
    it ends); the others are stopped."""
    xvfb, display = start_xvfb(size)
    log_out, log_err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    launched = time.time()
    process = subprocess.Popen(command, stdout=log_out, stderr=log_err,
                               env=dict(os.environ, DISPLAY=display), start_new_session=True)
    sampler, x_server = Sampler(process.pid), Sampler(xvfb.pid)
    cpu_start = x_start = startup = None
    deadline = launched + settle + seconds
    while time.time() < deadline and process.poll() is None:
        # Probe the screen as fast as xwd allows until the notes show, but
        # not into the measured window: the probe costs the X server CPU.
        probing = startup is None and time.time() < launched + settle
        if probing and notes_on_screen(display, size):
            startup = time.time() - launched
            probing = False
        sampler.sample()
        x_server.sample()
        if cpu_start is None and time.time() >= launched + settle:
            cpu_start, x_start = sampler.total_cpu(), x_server.total_cpu()
        if not probing:
            time.sleep(0.25)
    sampler.sample()
    x_server.sample()
    cpu = sampler.total_cpu() - (cpu_start or 0.0)
    x_cpu = x_server.total_cpu() - (x_start or 0.0)
    if ends_itself:
        try:
            process.wait(30)  # It prints its own figures as it ends.
        except subprocess.TimeoutExpired:
            pass
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    xvfb.terminate()
    xvfb.wait()
    log_out.seek(0)
    log_err.seek(0)
    out, err = log_out.read().decode(errors="replace"), log_err.read().decode(errors="replace")
    return {
        "name": name,
        "startup_s": startup,
        "cpu_s": cpu,
        "x_cpu_s": x_cpu,
        "window_s": seconds,
        "rss_peak_mib": sampler.peak_rss / 1024,
        "rss_final_mib": sampler.rss / 1024,
        "pss_peak_mib": sampler.peak_pss / 1024,
        "pss_final_mib": sampler.pss / 1024,
        "processes": sampler.processes,
        "stdout": out,
    }


def medians(results):
    """One row per contender and mode: the run with the median CPU (the
    middle one of an odd number), carrying the lowest and highest CPU."""
    groups = {}
    for r in results:
        groups.setdefault((r["name"], r["mode"]), []).append(r)
    rows = []
    for runs in groups.values():
        runs.sort(key=lambda r: r["cpu_s"])
        row = dict(runs[(len(runs) - 1) // 2], runs=len(runs))
        row["cpu_low_s"], row["cpu_high_s"] = runs[0]["cpu_s"], runs[-1]["cpu_s"]
        rows.append(row)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wall", default=os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target")) + "/release/wall-of-change",
                        help="the wall binary (default: the release build)")
    parser.add_argument("--browser", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--feed", default=str(ROOT / "config" / "sample-feed.json"), help="a wall feed (JSON)")
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--seconds", type=float, default=30.0, help="the measured window")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds after launch before CPU counts")
    parser.add_argument("--modes", default="moving,still")
    parser.add_argument("--only", choices=["wall", "browser"], help="measure one contender")
    parser.add_argument("--pages", default="", help="the page's pages per scene when the wall does not run "
                        "(--only browser), e.g. change:2; otherwise read from the wall's run")
    parser.add_argument("--runs", type=int, default=1, help="run each contender this many times per mode and "
                        "report the median run (by CPU), with the range of CPU seconds")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.lower().split("x"))
    scratch = Path(tempfile.mkdtemp(prefix="wall-compare-"))
    try:
        page = scratch / "page"
        (page / "fonts").mkdir(parents=True)
        shutil.copy(ROOT / "benches" / "browser" / "wall.html", page / "wall.html")
        for font in ("Inter-Regular.otf", "Inter-Bold.otf"):
            shutil.copy(ROOT / "assets" / "fonts" / font, page / "fonts" / font)
        feed = Path(args.feed).read_text()
        json.loads(feed)  # A broken feed should fail here, not in both contenders.
        (page / "data.js").write_text("window.WALL_FEED = " + feed + ";\n")
        config = scratch / "wall.ron"
        config.write_text(f'(sources: [File(path: "{Path(args.feed).resolve()}", poll_seconds: 5)], display: Window(width: {size[0]}, height: {size[1]}))\n')
        # The default config as shipped (its scenes and their seconds), on
        # the same feed, in a window of the measured size.
        default = (ROOT / "config" / "wall.ron").read_text()
        default = default.replace('File(path: "sample-feed.json"', f'File(path: "{Path(args.feed).resolve()}"')
        default = default.replace("display: Fullscreen", f"display: Window(width: {size[0]}, height: {size[1]})")
        (scratch / "default.ron").write_text(default)
        results = []
        for mode, run in ((mode, run) for mode in args.modes.split(",") for run in range(max(args.runs, 1))):
            run_for = args.settle + args.seconds + 1
            pages = args.pages
            if args.only in (None, "wall"):
                # --bench-idle runs the wall as configured, with nothing
                # arriving: with the default config, its rotation.
                flag = "--bench" if mode == "moving" else "--bench-idle"
                chosen = scratch / "default.ron" if mode == "rotation" else config
                command = [args.wall, "--config", str(chosen), "--windowed", "--size", args.size,
                           "--data-dir", str(scratch / f"data-{mode}-{run}"), flag, str(run_for)]
                results.append(dict(measure("wall", command, size, args.settle, args.seconds, True), mode=mode))
                # The page splits its scenes into as many pages as the wall
                # needed at this size, and turns them as often.
                found = re.search(r"pages per scene\s+(.*)", results[-1]["stdout"])
                if found:
                    pages = ",".join(f"{name}:{n}" for name, n in re.findall(r"(\w+) (\d+)", found.group(1)))
            if args.only in (None, "browser"):
                command = [args.browser, "--kiosk", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           "--disable-quic", "--noerrdialogs", "--disable-translate", "--password-store=basic",
                           f"--user-data-dir={scratch / f'profile-{mode}-{run}'}", f"--window-size={size[0]},{size[1]}",
                           "--window-position=0,0",
                           f"file://{page / 'wall.html'}?mode={mode}&pages={pages}"]
                results.append(dict(measure("browser", command, size, args.settle, args.seconds), mode=mode))
        results = medians(results)
        if args.json:
            print(json.dumps([{k: v for k, v in r.items() if k != "stdout"} for r in results], indent=2))
            return
        print(f"{args.size}, CPU counted for {args.seconds:.0f} s from {args.settle:.0f} s after launch; "
              "memory summed over the process tree")
        if args.runs > 1:
            print(f"each row is the median of {args.runs} runs by CPU; 'CPU range' is the lowest and highest")
        print(f"{'contender':<10}{'mode':<8}{'start-up':>10}{'CPU s':>8}{'% core':>8}{'X CPU s':>9}"
              f"{'RSS peak':>10}{'RSS end':>9}{'PSS peak':>10}{'procs':>7}{'CPU range':>14}")
        for r in results:
            startup = f"{r['startup_s']:.2f} s" if r["startup_s"] is not None else "n/a"
            print(f"{r['name']:<10}{r['mode']:<8}{startup:>10}{r['cpu_s']:>8.2f}{100 * r['cpu_s'] / r['window_s']:>7.1f}%"
                  f"{r['x_cpu_s']:>9.2f}{r['rss_peak_mib']:>7.0f} MiB{r['rss_final_mib']:>5.0f} MiB"
                  f"{r['pss_peak_mib']:>7.0f} MiB{r['processes']:>7}"
                  f"{r['cpu_low_s']:>7.2f}–{r['cpu_high_s']:.2f}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
