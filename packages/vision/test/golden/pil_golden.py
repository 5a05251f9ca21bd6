"""Prints the Pillow reference hashes used by resize-pil.test.ts (run with Debian's python3-pil; Pillow 9.4.0 gave
the values checked in). For each PNG fixture: torchvision Resize(256) + CenterCrop(224) on the PIL image, the
direct 224x224 resize, and the Zoo Mask R-CNN resize (shorter side 800, int(ratio*side)): sha256 of the uint8 RGB
bytes, first 16 hex digits. JPEGs are left out: PIL (libjpeg-turbo) and jimp (jpeg-js) decode them differently."""
import hashlib
import sys
from pathlib import Path

import numpy as np
from PIL import Image

FIXTURES = Path(__file__).resolve().parents[2] / 'fixtures' / 'images'


def digest(a):
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()[:16]


for name in ['chelsea.png', 'coffee.png', 'astronaut.png']:
    im = Image.open(FIXTURES / name).convert('RGB')
    w, h = im.size
    short, long = (w, h) if w <= h else (h, w)
    new_long = int(256 * long / short)
    nw, nh = (256, new_long) if w <= h else (new_long, 256)
    resized = im.resize((nw, nh), Image.BILINEAR)
    left, top = int(round((nw - 224) / 2.0)), int(round((nh - 224) / 2.0))
    crop = np.asarray(resized)[top:top + 224, left:left + 224]
    direct = np.asarray(im.resize((224, 224), Image.BILINEAR))
    ratio = 800.0 / min(w, h)
    zoo = im.resize((int(ratio * w), int(ratio * h)), Image.BILINEAR)
    print(f"{name}: resized {nw}x{nh} {digest(np.asarray(resized))}, crop ({left},{top}) {digest(crop)}, "
          f"direct224 {digest(direct)}, zoo800 {zoo.size[0]}x{zoo.size[1]} {digest(np.asarray(zoo))}", file=sys.stdout)
