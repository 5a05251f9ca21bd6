import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { formatError } from '@modelbench/core';
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

  it('refuses bad input with BAD_INPUT naming the file and, on a second line, the fix', async () => {
    const text = join(dir, 'notes.png');
    writeFileSync(text, 'this is text');
    const empty = join(dir, 'empty.jpg');
    writeFileSync(empty, '');
    const truncated = join(dir, 'truncated.png');
    writeFileSync(truncated, readFileSync(join(SAMPLE_PHOTOS_DIR, 'chelsea.png')).subarray(0, 2000));
    const cases: [string, RegExp, RegExp][] = [
      [text, /notes\.png: not an image \(expected PNG, JPEG, BMP, GIF or TIFF data; it starts with "this is text"\)$/, /^pass a PNG, JPEG, BMP, GIF or TIFF photo/],
      [empty, /empty\.jpg: the file is empty$/, /^pass a photo/],
      [join(dir, 'missing.png'), /missing\.png: no such file$/, new RegExp(`^check the path \\(a relative path starts at ${process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`)],
      [dir, /is a folder, not an image file$/, /--images DIR/],
      [await pngFile('tiny.png', 1, 1, PNGColorType.COLOR), /tiny\.png: 1x1 is too small/, /^use a photo at least 16x16 px$/],
      [truncated, /truncated\.png: cannot decode the PNG data/, /copy or export it again/],
    ];
    for (const [path, message, hint] of cases) {
      const e = await loadImage(path).then(() => undefined, (x: unknown) => x);
      expect(e, path).toMatchObject({ code: 'BAD_INPUT', exitCode: 2, message: expect.stringMatching(message), hint: expect.stringMatching(hint) });
      const printed = formatError(e).split('\n');
      expect(printed, path).toHaveLength(2); // the problem, then `  fix: …`; no stack
      expect(printed[1]).toMatch(/^ {2}fix: /);
    }
  });

  it('refuses a 20000×20000 image from its header, before decoding', async () => {
    // the header claims 20000×20000 and no pixel data follows: a decode would fail with "cannot decode", so the size
    // message proves the refusal came from the header alone
    await expect(decodeImage(fakePngHeader(20000, 20000), 'huge.png')).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: 'image huge.png: 20000x20000 = 400.0 megapixels is above the limit of 40 megapixels',
      hint: 'downscale the image first',
    });
  });

  it('reports a file that cannot be read, with the fix for the reason (as root too: a read that fails with EIO, a link loop, a file used as a folder)', async () => {
    const loopA = join(dir, 'loop-a.png');
    symlinkSync(join(dir, 'loop-b.png'), loopA);
    symlinkSync(loopA, join(dir, 'loop-b.png'));
    const plain = await pngFile('plain.png', 20, 20, PNGColorType.COLOR);
    const cases: [string, RegExp, RegExp][] = [
      [loopA, /loop-a\.png: cannot read \(ELOOP\)$/, /points back at itself/],
      [join(plain, 'inside.png'), /inside\.png: cannot read \(ENOTDIR\)$/, /is a file, not a folder/],
    ];
    // /proc/self/mem stats as a 0-byte file but its read at offset 0 fails (EIO) for every user, root included
    if (process.platform === 'linux') cases.push(['/proc/self/mem', /\/proc\/self\/mem: cannot read \(EIO\)$/, /^check that the file can be read/]);
    if (process.getuid?.() !== 0) {
      // root reads a mode-000 file, so this case only applies to other users
      const locked = await pngFile('locked.png', 20, 20, PNGColorType.COLOR);
      chmodSync(locked, 0);
      cases.push([locked, /locked\.png: cannot read \(EACCES\)$/, /^check the file permissions/]);
    }
    for (const [path, message, hint] of cases) {
      await expect(loadImage(path), path).rejects.toMatchObject({ code: 'BAD_INPUT', exitCode: 2, message: expect.stringMatching(message), hint: expect.stringMatching(hint) });
    }
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
    expect(() => listImageInputs([empty])).toThrow(expect.objectContaining({ message: expect.stringMatching(/nothing-here holds no images/), hint: 'pass a folder with photos in it, or the photo files themselves' }));
    expect(() => listImageInputs([join(dir, 'nope')])).toThrow(expect.objectContaining({ message: expect.stringMatching(/no such file or folder/), hint: expect.stringMatching(/^check the path/) }));
    expect(() => listImageInputs([])).toThrow(expect.objectContaining({ message: 'no images given', hint: 'pass --images FILE|DIR...' }));
  });
});
