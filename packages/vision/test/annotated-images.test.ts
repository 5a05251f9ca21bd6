/**
 * The images of an annotated set, read on the workload side: the files are checked before any model work (sizes from
 * the headers against the annotations), and a photo is decoded only when its sample is loaded. Worked values: the
 * COCO demo photo (fixtures/coco/demo.jpg) is 640×480 by its JPEG header.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { COCO_DEMO_PHOTO, annotatedPhotoDataset, checkAnnotatedImages, loadAnnotatedImage } from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'vision-annotated-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const images = join(dir, 'val2017');
mkdirSync(images);
copyFileSync(COCO_DEMO_PHOTO, join(images, 'demo.jpg'));

function refused(f: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(BenchError);
  expect((caught as BenchError).code).toBe('BAD_INPUT');
  expect((caught as BenchError).message).toMatch(pattern);
  expect((caught as BenchError).hint).toBeTruthy();
}

describe('annotated images', () => {
  it('refuses an annotated size other than the header says, and an image past the size limits', () => {
    refused(() => checkAnnotatedImages([{ id: 7, fileName: 'demo.jpg', width: 480, height: 640 }], images, 'instances.json'), /demo\.jpg is 640×480 but instances\.json says image 7 is 480×640/);
    refused(() => checkAnnotatedImages([{ id: 7, fileName: '', width: 640, height: 480 }], images, 'instances.json'), /instances\.json: image 7 has no file_name/);
    expect(() => checkAnnotatedImages([{ id: 7, fileName: 'demo.jpg', width: 640, height: 480 }], images, 'instances.json', { maxPixels: 640 * 480 - 1, minSidePx: 16, maxFileBytes: 1 << 30 })).toThrow(BenchError);
  });

  it('checks the files when the data set is made, and decodes a photo only when its sample loads', async () => {
    const set = { identity: { path: 'instances.json' }, images: [{ id: 7, fileName: 'demo.jpg', width: 640, height: 480 }], imagesDir: images, source: 'instances.json', describe: ['one photo'] };
    const ds = annotatedPhotoDataset(set);
    expect([ds.count, ds.keyAt(0), ds.describe(), ds.identity]).toEqual([1, '7', ['one photo'], { path: 'instances.json' }]);
    const s = await ds.load(0);
    expect(s.image.id).toBe(7);
    expect([s.photo.image.width, s.photo.image.height, s.photo.image.data.length]).toEqual([640, 480, 640 * 480 * 3]);
    // a decode that disagrees with the annotations (here: the annotations are wrong, and the header check was skipped)
    await expect(loadAnnotatedImage({ id: 7, fileName: 'demo.jpg', width: 641, height: 480 }, images)).rejects.toThrow(/decodes to 640×480 but the annotations say 641×480/);
  });
});
