/** `validate` refuses bad photos and flags with exit 2 and one line, before the model is loaded. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWorkloadCommand } from '@modelbench/harness';
import { resnet50Workload } from '../src/workload.ts';

const validate = (args: string[]): Promise<number> => runWorkloadCommand(resnet50Workload, ['validate', ...args]);

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'mb-r50-badinput-'));
const empty = join(dir, 'empty');
mkdirSync(empty);
const text = join(dir, 'notes.jpg');
writeFileSync(text, 'not a photo');

describe('resnet50 validate bad input', () => {
  it('throws a usage-class error (exit code 2) naming the problem, before any model work', async () => {
    const cases: [string[], string, RegExp][] = [
      [['--images', empty], 'BAD_INPUT', /image folder .*empty holds no images/],
      [['--images', text], 'BAD_INPUT', /notes\.jpg: not an image/],
      [['--images', join(dir, 'missing.png')], 'BAD_INPUT', /missing\.png: no such file or folder/],
      [['--preprocess', 'caffe'], 'USAGE', /unknown --preprocess 'caffe'/],
      [['--basis', 'vibes'], 'USAGE', /--basis must be one of auto, predictions, logits/],
      [['--min-top5-overlap', '6'], 'USAGE', /--min-top5-overlap must be between 0 and 5/],
      [['--out-dir', join(text, 'sub')], 'IO', /cannot create the output folder/],
      [['stray'], 'USAGE', /unexpected argument 'stray'/],
    ];
    for (const [args, code, message] of cases) {
      await expect(validate(args), args.join(' ')).rejects.toMatchObject({ code, exitCode: 2, message: expect.stringMatching(message) });
    }
    expect(existsSync(join(text, 'sub'))).toBe(false);
  });

  it('the command line prints one line and exits 2', { timeout: 60_000 }, () => {
    const r = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'packages/resnet50/src/main.ts'), 'validate', '--images', text], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `error [BAD_INPUT]: image ${text}: not an image (expected PNG, JPEG, BMP, GIF or TIFF data; it starts with "not a photo")\n` +
        "  fix: pass a PNG, JPEG, BMP, GIF or TIFF photo (the name's extension is not read: a renamed file is not converted)\n",
    );
  });
});
