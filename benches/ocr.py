#!/usr/bin/env python3
"""How much of the customers' words a passer-by can read: renders every
page of the Change scene of the sample feed at each screen size, reads the
screenshots with tesseract, and counts the feedback notes whose whole text
was read on some page.

    python3 benches/ocr.py [--binary PATH] [--sizes 1920x1080,1280x720,...]

Needs xvfb-run, tesseract and ImageMagick (apt-get install xvfb
mesa-vulkan-drivers tesseract-ocr tesseract-ocr-nld imagemagick). A note counts as read in full when at
least 90 % of its words are found, in order, in the OCR text of one page
(OCR misreads a word now and then; a cut note loses far more). Notes longer
than 200 characters are cut on purpose (with a "tap to read" cue) and are
reported apart.
"""

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SIZES = ["1920x1080", "1280x720", "1080x1920", "3840x2160"]
AT = "2026-11-23T10:00:00+01:00"


def words(text):
    return re.findall(r"[0-9a-zà-ÿ]+", text.lower())


def coverage(note, page_words):
    """The share of the note's words found in order in the page's words."""
    wanted = words(note)
    if not wanted:
        return 1.0
    matcher = difflib.SequenceMatcher(a=wanted, b=page_words, autojunk=False)
    found = sum(block.size for block in matcher.get_matching_blocks())
    return found / len(wanted)


def render(binary, size, page, out):
    width, height = size.split("x")
    screen = f"-screen 0 {max(int(width), 1920)}x{max(int(height), 1080)}x24"
    data = tempfile.mkdtemp(prefix="wall-ocr-")
    log = subprocess.run(
        ["xvfb-run", "-a", "-s", screen, binary, "--size", size, "--at", AT, "--page", str(page),
         "--data-dir", data, "--config", os.path.join(ROOT, "config/wall.ron"), "--screenshot", out],
        capture_output=True, text=True, timeout=300,
    )
    match = re.search(r"page (\d+) of (\d+)", log.stderr + log.stdout)
    return int(match.group(2)) if match else 1


def ocr(path):
    """The words tesseract reads on the page: in colour, in grey, and in
    grey at 150 % (its page segmentation drops a different note now and
    then in each; a reader's eye drops none)."""
    readings = []
    for name, convert in [("colour", None), ("grey", ["-colorspace", "Gray"]),
                          ("large", ["-colorspace", "Gray", "-resize", "150%"])]:
        source = path
        if convert:
            source = f"{path}.{name}.png"
            subprocess.run(["convert", path, *convert, source], check=True)
        text = subprocess.run(["tesseract", source, "-", "-l", "eng+nld", "--psm", "11"],
                              capture_output=True, text=True, timeout=300).stdout
        readings.append(words(text))
    return readings


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "debug", "wall-of-change"))
    parser.add_argument("--sizes", default=",".join(SIZES))
    args = parser.parse_args()
    feed = json.load(open(os.path.join(ROOT, "config/sample-feed.json")))
    notes = [n for n in feed["notes"] if n["kind"] not in ("compliment", "praise")]
    short = [n for n in notes if len(n["text"]) <= 200]
    results = []
    with tempfile.TemporaryDirectory() as work:
        for size in args.sizes.split(","):
            pages, page, read = 1, 1, []
            while page <= pages:
                shot = os.path.join(work, f"{size}-{page}.png")
                pages = render(args.binary, size, page, shot)
                read.append(ocr(shot))
                page += 1
            best = {n["id"]: max(coverage(n["text"], reading) for page in read for reading in page) for n in short}
            full = [i for i, c in best.items() if c >= 0.9]
            missed = sorted((c, i) for i, c in best.items() if c < 0.9)
            results.append((size, pages, len(full), len(short), missed))
            print(f"{size}: {len(full)} of {len(short)} notes read in full over {pages} page(s)"
                  + (f"; worst: {', '.join(f'{i} {c:.0%}' for c, i in missed[:5])}" if missed else ""))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
