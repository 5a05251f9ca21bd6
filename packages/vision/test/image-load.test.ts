import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Jimp, PNGColorType } from 'jimp';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { decodeImage, listImageInputs, loadImage, readImageHeader, SAMPLE_PHOTOS_DIR, COCO_DEMO_PHOTO } from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'vision-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pngFile(name: string, w: number, h: number, colorType: PNGColorType, alpha = 255): Promise<string> {
  const img = new Jimp({ width: w, height: h, color: 0x336699 * 256 + alpha });
  const p = join(dir, name);
  writeFileSync(p, await img.getBuffer('image/png', { colorType }));
  return p;
}

/** A PNG signature and IHDR claiming the given size, with no pixel data: must be refused before decoding. */
function fakePngHeader(w: number, h: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, w);
  new DataView(b.buffer).setUint32(20, h);
  b[24] = 8;
  b[25] = 2;
  return b;
}

describe('image headers', () => {
  it('reads size and colour model without decoding', () => {
    expect(readImageHeader(readFileSync(join(SAMPLE_PHOTOS_DIR, 'chelsea.png')))).toEqual({ format: 'png', width: 451, height: 300, colour: 'rgb' });
    expect(readImageHeader(readFileSync(join(SAMPLE_PHOTOS_DIR, 'dog.jpg')))).toEqual({ format: 'jpeg', width: 768, height: 576, colour: 'rgb' });
    expect(readImageHeader(readFileSync(COCO_DEMO_PHOTO))).toEqual({ format: 'jpeg', width: 640, height: 480, colour: 'rgb' });
    expect(readImageHeader(fakePngHeader(20000, 20000))).toMatchObject({ width: 20000, height: 20000 });
    expect(readImageHeader(new TextEncoder().encode('hello, not an image'))).toBeNull();
  });
});

describe('loading images', () => {
  it('decodes the sample photos to RGB with their sizes', async () => {
    const chelsea = await loadImage(join(SAMPLE_PHOTOS_DIR, 'chelsea.png'));
    expect([chelsea.image.width, chelsea.image.height, chelsea.image.data.length]).toEqual([451, 300, 451 * 300 * 3]);
    expect(chelsea.notices).toEqual([]);
    expect(chelsea.name).toBe('chelsea.png');
    const demo = await loadImage(COCO_DEMO_PHOTO);
    expect([demo.image.width, demo.image.height, demo.format]).toEqual([640, 480, 'jpeg']);
  });

  it('converts RGBA and grayscale to RGB and says so', async () => {
    const rgba = await loadImage(await pngFile('rgba.png', 20, 20, PNGColorType.COLOR_ALPHA, 128));
    expect(rgba.notices).toEqual(['converted RGBA to RGB (alpha dropped)']);
    expect(Array.from(rgba.image.data.subarray(0, 3))).toEqual([0x33, 0x66, 0x99]); // alpha dropped, not composited
    const gray = await loadImage(await pngFile('gray.png', 20, 20, PNGColorType.GRAYSCALE));
    expect(gray.sourceColour).toBe('gray');
    expect(gray.notices).toEqual(['converted grayscale to RGB']);
    const [r, g, b] = gray.image.data;
    expect(r).toBe(g);
    expect(g).toBe(b);
  });

  it('refuses bad input with BAD_INPUT naming the file', async () => {
    const text = join(dir, 'notes.png');
    writeFileSync(text, 'this is text');
    const empty = join(dir, 'empty.jpg');
    writeFileSync(empty, '');
    const truncated = join(dir, 'truncated.png');
    writeFileSync(truncated, readFileSync(join(SAMPLE_PHOTOS_DIR, 'chelsea.png')).subarray(0, 2000));
    const cases: [string, RegExp][] = [
      [text, /notes\.png: not an image/],
      [empty, /empty\.jpg: the file is empty/],
      [join(dir, 'missing.png'), /missing\.png: no such file/],
      [dir, /is a folder/],
      [await pngFile('tiny.png', 1, 1, PNGColorType.COLOR), /tiny\.png: 1x1 is too small/],
      [truncated, /truncated\.png: cannot decode the PNG data/],
    ];
    for (const [path, message] of cases) {
      await expect(loadImage(path)).rejects.toMatchObject({ code: 'BAD_INPUT', exitCode: 2, message: expect.stringMatching(message) });
    }
  });

  it('refuses a 20000×20000 image from its header, before decoding', async () => {
    const started = Date.now();
    await expect(decodeImage(fakePngHeader(20000, 20000), 'huge.png')).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/huge\.png: 20000x20000 = 400\.0 megapixels is above the limit of 40 megapixels/),
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reports an unreadable file', async () => {
    if (process.getuid?.() === 0) return; // root reads anything: nothing to check
    const p = await pngFile('locked.png', 20, 20, PNGColorType.COLOR);
    chmodSync(p, 0);
    await expect(loadImage(p)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/locked\.png: cannot read/) });
  });
});

describe('--images FILE|DIR...', () => {
  it('lists a folder\'s images sorted, skipping other files, and keeps argument order', () => {
    const d = join(dir, 'photos');
    mkdirSync(d);
    for (const n of ['b.JPG', 'a.png', 'notes.txt', 'c.jpeg']) writeFileSync(join(d, n), 'x');
    mkdirSync(join(d, 'sub.png'));
    const single = join(SAMPLE_PHOTOS_DIR, 'dog.jpg');
    expect(listImageInputs([single, d])).toEqual([single, join(d, 'a.png'), join(d, 'b.JPG'), join(d, 'c.jpeg')]);
    expect(listImageInputs([single, single])).toEqual([single]);
    expect(listImageInputs([SAMPLE_PHOTOS_DIR]).map((p) => p.slice(SAMPLE_PHOTOS_DIR.length + 1))).toEqual([
      'astronaut.png', 'chelsea.png', 'coffee.png', 'dog.jpg', 'grace_hopper.jpg', 'person.jpg',
    ]);
  });

  it('refuses an empty folder, a missing path and no arguments', () => {
    const empty = join(dir, 'nothing-here');
    mkdirSync(empty);
    writeFileSync(join(empty, 'readme.txt'), 'x');
    expect(() => listImageInputs([empty])).toThrow(/nothing-here holds no images/);
    expect(() => listImageInputs([join(dir, 'nope')])).toThrow(/no such file or folder/);
    expect(() => listImageInputs([])).toThrow(/no images given/);
  });
});
