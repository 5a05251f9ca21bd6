/**
 * Issue 21 #6 and #10: a negative warm-up is refused in one line naming the fix, before anything runs, and no record
 * is left; a --threshold that is not a number is answered with a fraction (0.99), not 4 (which would read as 4 %).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatError, parseCommandLine } from '@modelbench/core';
import { describe, expect, it } from 'vitest';
import { accuracyFlags } from '../src/modes/accuracy-flags.ts';
import { runWorkloadCommand } from '../src/workload-main.ts';
import { fakeRegistry, fakeWorkload, writeTinyModel } from './fake-workload.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-flag-ranges-'));
const model = writeTinyModel(dir);

describe('--warmup and --warmup-ms below zero', () => {
  // the fix names the flag's default, a valid value
  for (const [flag, value, example] of [['--warmup', '-1', '1'], ['--warmup-ms', '-1', '0'], ['--warmup-ms', '-0.5', '0']] as const) {
    it(`${flag} ${value} exits 2 with one line and its fix, writing no record`, async () => {
      const json = join(dir, `${flag.slice(2)}${value}.json`);
      const error = await runWorkloadCommand(fakeWorkload, ['performance', '--model', model, '--backend', 'fake', flag, value, '--json', json], fakeRegistry()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'USAGE', exitCode: 2 });
      expect(formatError(error)).toBe(`error [USAGE]: ${flag} must be 0 or more, got '${value}'\n  fix: for example ${flag} ${example}`);
      expect(existsSync(json)).toBe(false);
    });
  }
});

describe('--threshold that is not a number', () => {
  it('suggests a fraction of fp32', () => {
    expect(() => parseCommandLine(['--threshold', 'abc'], accuracyFlags, 'resnet50 accuracy')).toThrow(
      expect.objectContaining({ code: 'USAGE', message: "--threshold must be a number, got 'abc'", hint: 'for example --threshold 0.99' }),
    );
  });
});
