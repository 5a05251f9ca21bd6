/** A clean --out-dir per run: staged beside the target, swapped in whole, nothing of an earlier run left. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stageOutDir } from '../src/out-dir.ts';

const base = mkdtempSync(join(tmpdir(), 'mb-outdir-'));

describe('stageOutDir', () => {
  it('replaces an earlier folder whole: stale files go, the new ones are there, no temp folder is left', () => {
    const target = join(base, 'a', 'validate');
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'validate_bf16.png'), 'stale');
    const stage = stageOutDir(target);
    expect(stage.path).not.toBe(stage.target);
    expect(readdirSync(target)).toEqual(['validate_bf16.png']); // untouched until the swap
    writeFileSync(join(stage.path, 'predictions.json'), '{}');
    stage.commit();
    expect(readdirSync(target)).toEqual(['predictions.json']);
    expect(readFileSync(join(target, 'predictions.json'), 'utf8')).toBe('{}');
    expect(readdirSync(join(base, 'a'))).toEqual(['validate']);
  });

  it('creates a missing folder and its parents', () => {
    const target = join(base, 'b', 'c', 'out');
    const stage = stageOutDir(target);
    writeFileSync(join(stage.path, 'x.json'), '1');
    stage.commit();
    expect(readdirSync(target)).toEqual(['x.json']);
  });

  it('a failed run discards what it wrote and leaves the earlier folder as it was', () => {
    const target = join(base, 'd');
    mkdirSync(target);
    writeFileSync(join(target, 'old.json'), 'old');
    const stage = stageOutDir(target);
    writeFileSync(join(stage.path, 'half.json'), 'half');
    stage.discard();
    expect(readdirSync(target)).toEqual(['old.json']);
    expect(existsSync(stage.path)).toBe(false);
  });

  it('a file where the folder should be, or under a file, is an IO error naming the fix (exit 2)', () => {
    const file = join(base, 'file.txt');
    writeFileSync(file, 'x');
    expect(() => stageOutDir(file)).toThrow(expect.objectContaining({ code: 'IO', exitCode: 2, message: expect.stringMatching(/is a file, not a folder/) }));
    expect(() => stageOutDir(join(file, 'sub'))).toThrow(expect.objectContaining({ code: 'IO', hint: 'choose a writable --out-dir' }));
  });
});
