import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchError } from '../src/errors.ts';
import { assertWritable } from '../src/reporters.ts';

function failure(path: string): BenchError {
  try {
    assertWritable(path);
  } catch (e) {
    return e as BenchError;
  }
  throw new Error(`expected ${path} to be refused`);
}

describe('assertWritable', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-writable-'));

  it('refuses a folder as the file to write, before the run, naming a file in it as the fix', () => {
    const folder = join(dir, 'results');
    mkdirSync(folder);
    const e = failure(folder);
    expect(e.code).toBe('USAGE');
    expect(e.message).toBe(`${folder} is a folder, not a file`);
    expect(e.hint).toBe(`name a file in it, for example ${join(folder, 'record.json')}`);
    expect(failure(join(dir, 'not-yet') + '/').message).toMatch(/is a folder, not a file$/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('accepts a new file in a new folder and leaves nothing behind', () => {
    assertWritable(join(dir, 'new', 'r.json'));
    expect(readdirSync(join(dir, 'new'))).toEqual([]);
  });

  it('names the cause when the parent is a file', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const e = failure(join(file, 'r.json'));
    expect(e).toBeInstanceOf(BenchError);
    expect(e.message).toBe(`cannot write ${join(file, 'r.json')}: ${file} is a file, not a folder`);
    expect(failure(join(file, 'deeper', 'r.json')).message).toBe(`cannot write ${join(file, 'deeper', 'r.json')}: ${file} is a file, not a folder`);
  });
});
