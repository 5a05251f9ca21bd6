import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '@modelbench/core';
import { runFlags } from '../src/flags.ts';
import { recoverNxArgs } from '../src/nx-args.ts';
import { performanceFlagsOf } from '../src/modes/performance.ts';

const specs = performanceFlagsOf({});
// what Nx 23.3.1 forwards to the task for each spelling (measured, as in nx-args.test.ts)
const NX_CHILD: Record<string, string[]> = { '--batch N': ['4'], '--batch=N': [], '--batch-size N': [] };

describe('--batch description (issue 23)', () => {
  const text = runFlags.batch.description;

  it('no longer says Nx reserves --batch=N, and names the Nx route', () => {
    expect(text).not.toMatch(/reserves/);
    expect(text).toMatch(/through nx run and run-many/);
  });

  it('every spelling it names gives batch 4 through nx run', () => {
    const named = text.match(/--batch(?:-size)?[ =]N/g) ?? [];
    expect(named).toEqual(['--batch N', '--batch=N', '--batch-size N']);
    for (const spelling of named) {
      const typed = ['run', 'resnet50:performance', ...spelling.replace('N', '4').split(' ')];
      const env = { NX_TASK_TARGET_PROJECT: 'resnet50', MODELBENCH_NX_ARGV: JSON.stringify(typed) };
      const argv = recoverNxArgs(NX_CHILD[spelling]!, specs, env);
      const f = parseCommandLine(argv, specs).flags as { batch?: number; 'batch-size'?: number };
      expect(f.batch ?? f['batch-size']).toBe(4);
    }
  });
});
