"""Prints the Pillow reference values used by image-decode.test.ts and preset-v2.test.ts (run with Debian's
/usr/bin/python3 after `apt-get install -y python3-pil`; Pillow 9.4.0 over libjpeg-turbo gave the values checked
in). For every sample photo and the COCO demo photo: the decoded RGB size and the sha256 of its bytes; then, for
torchvision's IMAGENET1K_V2 evaluation transform (Resize(232) bilinear on the PIL image, CenterCrop(224)), the
resized size and the first 16 hex digits of the sha256 of the resized and cropped uint8 RGB bytes."""
import hashlib
from pathlib import Path

from PIL import Image

FIXTURES = Path(__file__).resolve().parents[2] / 'fixtures'
PHOTOS = sorted((FIXTURES / 'images').iterdir()) + [FIXTURES / 'coco' / 'demo.jpg']


def sha(b):
    return hashlib.sha256(b).hexdigest()


for path in PHOTOS:
    im = Image.open(path).convert('RGB')
    print(f"{path.name}: {im.size[0]}x{im.size[1]} {sha(im.tobytes())}")

for path in PHOTOS:
    im = Image.open(path).convert('RGB')
    w, h = im.size
    short, long = (w, h) if w <= h else (h, w)
    new_long = int(232 * long / short)
    nw, nh = (232, new_long) if w <= h else (new_long, 232)
    resized = im.resize((nw, nh), Image.BILINEAR)
    left, top = int(round((nw - 224) / 2.0)), int(round((nh - 224) / 2.0))
    crop = resized.crop((left, top, left + 224, top + 224))
    print(f"v2 {path.name}: resized {nw}x{nh} {sha(resized.tobytes())[:16]} crop {sha(crop.tobytes())[:16]}")
