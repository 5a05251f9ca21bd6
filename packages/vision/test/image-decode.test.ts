import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { channelsToRgb, COCO_DEMO_PHOTO, decodeImage, loadImage, SAMPLE_PHOTOS_DIR } from '../src/index.ts';

/**
 * PIL's pixels of each photo, printed once by test/golden/pil_decode_golden.py with Debian's python3-pil 9.4.0
 * (libjpeg-turbo, jpeglib API 6.2): `Image.open(path).convert('RGB')`, size and sha256 of `tobytes()`, over
 * packages/vision/fixtures/images/* and fixtures/coco/demo.jpg (the same files as ../shared/data).
 */
const PIL_RGB: Record<string, { width: number; height: number; sha256: string }> = {
  'astronaut.png': { width: 512, height: 512, sha256: 'a8c429c18afa7b0fd5673e598d73a21225d94c864a71bbb3885126fdecb41071' },
  'chelsea.png': { width: 451, height: 300, sha256: '416b729128bfb2c3d1eb69bf9b1734a796293abc17939267b2dc94f8a5784031' },
  'coffee.png': { width: 600, height: 400, sha256: '0ce2b51640b9c95f19617f03eabf40c3f0368589cc1ee1190b70966165ac184f' },
  'dog.jpg': { width: 768, height: 576, sha256: 'bd6a179ed7d1bd7854dca517afb82e4de37b209f675171eb31c29ce3b4de18a6' },
  'grace_hopper.jpg': { width: 517, height: 606, sha256: 'c648586c262059324dce20df429ed7713a1352e4b513cc7f13f3079e8312e08e' },
  'person.jpg': { width: 640, height: 424, sha256: '7cc18a5271e4391a45e05d7a21bc8134810766ea5d684519030802c8fc3b0bcf' },
  'demo.jpg': { width: 640, height: 480, sha256: 'fa46b0dd5e01dbc85781375c9c0142f584ced12f9ca153c822c501c034c556a9' },
};

const dir = mkdtempSync(join(tmpdir(), 'vision-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The JPEG without its APP2 'ICC_PROFILE' segments (markers before the scan only). */
function withoutIccSegments(jpeg: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [jpeg.subarray(0, 2)];
  let o = 2;
  while (o + 4 <= jpeg.length && jpeg[o] === 0xff && jpeg[o + 1] !== 0xda) {
    const length = (jpeg[o + 2]! << 8) | jpeg[o + 3]!;
    const segment = jpeg.subarray(o, o + 2 + length);
    const isIcc = jpeg[o + 1] === 0xe2 && new TextDecoder().decode(segment.subarray(4, 15)) === 'ICC_PROFILE';
    if (!isIcc) parts.push(segment);
    o += 2 + length;
  }
  parts.push(jpeg.subarray(o));
  return Buffer.concat(parts);
}

describe('decoding as PIL does', () => {
  const paths = [...Object.keys(PIL_RGB).filter((n) => n !== 'demo.jpg').map((n) => join(SAMPLE_PHOTOS_DIR, n)), COCO_DEMO_PHOTO];
  it.each(paths)('%s has exactly PIL\'s RGB pixels', async (path) => {
    const { image, name } = await loadImage(path);
    const want = PIL_RGB[name]!;
    expect([image.width, image.height]).toEqual([want.width, want.height]);
    expect(sha256(image.data)).toBe(want.sha256);
  });

  it('replicates grey into R, G and B and drops alpha without compositing', () => {
    const grey = channelsToRgb(new Uint8Array([7, 200]), 2, 1, 1);
    expect(Array.from(grey.data)).toEqual([7, 7, 7, 200, 200, 200]);
    const greyAlpha = channelsToRgb(new Uint8Array([7, 0, 200, 128]), 2, 1, 2);
    expect(Array.from(greyAlpha.data)).toEqual([7, 7, 7, 200, 200, 200]);
    const rgba = channelsToRgb(new Uint8Array([1, 2, 3, 0, 4, 5, 6, 9]), 2, 1, 4);
    expect(Array.from(rgba.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('decodes a greyscale JPEG to equal channels, with the conversion notice', async () => {
    const pixels = new Uint8Array(32 * 32).map((_, i) => (i * 7) % 256);
    const p = join(dir, 'grey.jpg');
    writeFileSync(p, await sharp(pixels, { raw: { width: 32, height: 32, channels: 1 } }).toColourspace('b-w').jpeg({ quality: 90 }).toBuffer());
    const loaded = await loadImage(p);
    expect(loaded.sourceColour).toBe('gray');
    expect(loaded.notices).toEqual(['converted grayscale to RGB']);
    const d = loaded.image.data;
    for (let i = 0; i < d.length; i += 3) {
      expect(d[i + 1]).toBe(d[i]);
      expect(d[i + 2]).toBe(d[i]);
    }
  });

  it('ignores an embedded ICC profile, as PIL does (the stored pixels, no colour conversion)', async () => {
    // a JPEG tagged Display P3; the same bytes with the APP2 ICC_PROFILE segments cut out must decode identically
    const tagged = new Uint8Array(await sharp(join(SAMPLE_PHOTOS_DIR, 'dog.jpg')).withIccProfile('p3').jpeg({ quality: 90 }).toBuffer());
    const stripped = withoutIccSegments(tagged);
    expect(stripped.length).toBeLessThan(tagged.length);
    const a = (await decodeImage(tagged, 'tagged.jpg')).image.data;
    const b = (await decodeImage(stripped, 'stripped.jpg')).image.data;
    expect(sha256(a)).toBe(sha256(b));
    // sharp's default would have converted the P3 pixels to sRGB: the check above can fail
    expect(sha256(await sharp(tagged).raw().toBuffer())).not.toBe(sha256(a));
  });

  it('does not apply the EXIF orientation (PIL\'s Image.open does not) and says so', async () => {
    const pixels = new Uint8Array(40 * 20 * 3).fill(90);
    const p = join(dir, 'rotated.jpg');
    writeFileSync(p, await sharp(pixels, { raw: { width: 40, height: 20, channels: 3 } }).jpeg().withMetadata({ orientation: 6 }).toBuffer());
    const loaded = await loadImage(p);
    expect([loaded.image.width, loaded.image.height]).toEqual([40, 20]);
    expect(loaded.notices).toEqual(["EXIF orientation 6 not applied (as PIL's Image.open)"]);
  });
});
