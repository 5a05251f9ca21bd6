/** `ssd validate` refusing bad input before any model work: one line naming the file, exit 2. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRgbImage, writePng } from '@modelbench/vision';
import { cli } from './cli.ts';
import { torchvisionDetector } from './signature-models.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-ssd-bad-'));
const cache = join(dir, 'cache');
const tv = join(dir, 'tv.onnx');
writeFileSync(tv, torchvisionDetector());

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ssd validate bad input', { timeout: 180_000 }, () => {
  it('refuses bad photos with one line naming the file (exit 2)', async () => {
    const tiny = join(dir, 'tiny.png');
    await writePng(tiny, createRgbImage(20, 20, [200, 100, 50]));
    const empty = join(dir, 'empty-folder');
    mkdirSync(empty);
    const notImage = join(dir, 'fake.jpg');
    writeFileSync(notImage, 'not a jpeg');
    const cases: [string[], RegExp][] = [
      [['--images', tiny], /error \[BAD_INPUT\]: image .*tiny\.png: 20x20 is too small \(each side must be at least 32 px\)/],
      [['--images', empty], /error \[BAD_INPUT\]: image folder .*empty-folder holds no images/],
      [['--images', notImage], /error \[BAD_INPUT\]: image .*fake\.jpg: not an image/],
      [['--images', join(dir, 'missing.png')], /error \[BAD_INPUT\]: image input .*missing\.png: no such file or folder/],
      [['--score-threshold', '2'], /error \[USAGE\]: --score-threshold must be between 0 and 1, got 2/],
    ];
    for (const [args, message] of cases) {
      const r = cli(['validate', '--model', tv, '--out-dir', join(dir, 'out-bad'), ...args], cache);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
