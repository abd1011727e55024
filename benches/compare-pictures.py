#!/usr/bin/env python3
"""Compares two folders of screenshots (benches/overlays.sh): for each PNG,
the share of pixels that differ by more than 24 levels in any channel, at
the best shift within the kiosk's burn-in drift (±12 px across, ±8 down;
the camera moves a few pixels a minute), ignoring a 16 px border.

Usage: python3 benches/compare-pictures.py OLD NEW   (pip install numpy pillow)
Exits with 1 when any picture differs in more than 0.5 % of its pixels."""
import os
import sys

import numpy as np
from PIL import Image

old_dir, new_dir = sys.argv[1], sys.argv[2]
worst = 0.0
for name in sorted(os.listdir(old_dir)):
    if not name.endswith('.png'):
        continue
    a = np.asarray(Image.open(os.path.join(old_dir, name)).convert('RGB')).astype(np.int16)
    b = np.asarray(Image.open(os.path.join(new_dir, name)).convert('RGB')).astype(np.int16)
    h, w, _ = a.shape
    m = 16
    best = None
    for dy in range(-8, 9):
        for dx in range(-12, 13):
            diff = (np.abs(a[m:h - m, m:w - m] - b[m + dy:h - m + dy, m + dx:w - m + dx]).max(axis=2) > 24).mean()
            if best is None or diff < best[0]:
                best = (diff, dx, dy)
    worst = max(worst, best[0])
    print(f'{name}: {best[0] * 100:.3f} % of pixels differ (at a shift of {best[1]}, {best[2]} px)')
sys.exit(1 if worst > 0.005 else 0)
