import { describe, expect, it } from 'vitest';
import type { FlagSpecs } from '@modelbench/core';
import { ownFlags, recoverNxArgs, strayWordHint } from '../src/nx-args.ts';
import { performanceFlagsOf } from '../src/modes/performance.ts';

const specs: FlagSpecs = performanceFlagsOf({});

/**
 * `typed`: the words after `nx`; `child`: what Nx 23.3.1 forwarded to the run-commands task for them (measured with a
 * throwaway target printing its process.argv); `want`: what the workload parses.
 */
const CASES: { typed: string[]; child: string[]; want: string[] }[] = [
  { typed: ['run', 'resnet50:performance', '--bf16', '--batch', '4'], child: ['--bf16', '4'], want: ['--bf16', '--batch', '4'] },
  { typed: ['run', 'resnet50:performance', '--batch=16', '--threads', '2'], child: ['--threads', '2'], want: ['--threads', '2', '--batch=16'] },
  { typed: ['run', 'resnet50:performance', '--batch-size', '1'], child: [], want: ['--batch-size', '1'] },
  { typed: ['run', 'resnet50:performance', '--batch-size=1'], child: [], want: ['--batch-size=1'] },
  { typed: ['run', 'resnet50:performance', '--graph-optimization', 'all'], child: [], want: ['--graph-optimization', 'all'] },
  // the value of --iterations is also 2: only the 2 Nx left behind goes
  { typed: ['run', 'x:performance', '--iterations', '2', '--batch', '2'], child: ['--iterations', '2', '2'], want: ['--iterations', '2', '--batch', '2'] },
  { typed: ['run-many', '-t', 'performance', '--batch', '2', '--iterations', '2'], child: ['2', '--iterations', '2'], want: ['--iterations', '2', '--batch', '2'] },
  // Nx's own options in each spelling it accepts: never read as ours, their values never taken for strays
  { typed: ['run-many', '-t', 'performance', '-p', 'resnet50', '--maxParallel', '1', '--batch', '1'], child: ['1'], want: ['--batch', '1'] },
  { typed: ['run-many', '-t', 'performance', '--max-parallel', '1', '--batch', '1'], child: ['1'], want: ['--batch', '1'] },
  { typed: ['run-many', '-t', 'performance', '--max-parallel=1', '--batch', '1'], child: ['1'], want: ['--batch', '1'] },
  { typed: ['run-many', '-t', 'performance', '--parallel', '3', '--seed', '3', '--batch', '3'], child: ['--seed', '3', '3'], want: ['--seed', '3', '--batch', '3'] },
  { typed: ['run-many', '--targets=performance', '--projects=resnet50,ssd', '--outputStyle', 'static', '--batch', '8'], child: ['8'], want: ['--batch', '8'] },
  // every --target-… word is Nx's too by prefix (measured: dropped with its value)
  { typed: ['run', 'resnet50:performance', '--scenario', 'server', '--target-qps', '5', '--latency-bound-ms', '200'], child: ['--scenario', 'server', '--latency-bound-ms', '200'], want: ['--scenario', 'server', '--latency-bound-ms', '200', '--target-qps', '5'] },
  { typed: ['run', 'resnet50:performance', '--target-rme=2', '--threads', '1'], child: ['--threads', '1'], want: ['--threads', '1', '--target-rme=2'] },
  // a negative value reaches the workload, which refuses it
  { typed: ['run', 'x:performance', '--batch', '-1'], child: ['-1'], want: ['--batch', '-1'] },
  // --batch alone: the workload says it needs a value
  { typed: ['run', 'x:performance', '--batch', '--bf16'], child: ['--bf16'], want: ['--bf16', '--batch'] },
  // a real stray stays for the workload to refuse; the one after --batch goes
  { typed: ['run', 'x:performance', '4', '--batch', '4'], child: ['4', '4'], want: ['4', '--batch', '4'] },
  { typed: ['run', 'x:performance', '7'], child: ['7'], want: ['7'] },
  // after `--` Nx forwards everything itself
  { typed: ['run', 'x:performance', '--', '--batch', '4'], child: ['--batch', '4'], want: ['--batch', '4'] },
];

const env = (typed: string[]): NodeJS.ProcessEnv => ({ NX_TASK_TARGET_PROJECT: 'x', MODELBENCH_NX_ARGV: JSON.stringify(typed) });

describe('recoverNxArgs: what Nx forwarded, plus our flags it kept, read with our specs from the typed words', () => {
  for (const c of CASES) {
    it(`nx ${c.typed.join(' ')} → ${c.want.join(' ')}`, () => {
      expect(recoverNxArgs(c.child, specs, env(c.typed))).toEqual(c.want);
    });
  }

  it('leaves argv alone outside an Nx task, or without the typed words', () => {
    expect(recoverNxArgs(['4'], specs, { MODELBENCH_NX_ARGV: '["run","x:performance","--batch","4"]' })).toEqual(['4']);
    expect(recoverNxArgs(['4'], specs, { NX_TASK_TARGET_PROJECT: 'x' })).toEqual(['4']);
    expect(recoverNxArgs(['--bf16'], specs, { NX_TASK_TARGET_PROJECT: 'x', MODELBENCH_NX_ARGV: 'not json' })).toEqual(['--bf16']);
  });

  it('keeps a setting the command line already has (a child the matrix started with its own --batch-size)', () => {
    const e = env(['run', 'compare:matrix', '--batch', '1']);
    expect(recoverNxArgs(['--batch', '8', '--iterations', '1'], specs, e)).toEqual(['--batch', '8', '--iterations', '1']);
    expect(recoverNxArgs(['--batch-size=8'], specs, e)).toEqual(['--batch-size=8']);
  });
});

describe('ownFlags', () => {
  it('takes a value only where our spec has one, and names in any other spelling are not ours', () => {
    expect(ownFlags(['--bf16', '1', '--batchSize', '2', '--iterations', '3', '--json=a.json'], specs)).toEqual([
      { name: 'bf16', words: ['--bf16'], value: undefined },
      { name: 'iterations', words: ['--iterations', '3'], value: '3' },
      { name: 'json', words: ['--json=a.json'], value: 'a.json' },
    ]);
  });
});

describe('strayWordHint', () => {
  it('under Nx names where the word came from and the two ways to write it', () => {
    expect(strayWordHint('4', { NX_TASK_TARGET_PROJECT: 'resnet50' })).toContain('--batch 4');
    expect(strayWordHint('4', { NX_TASK_TARGET_PROJECT: 'resnet50' })).toContain('-- --batch 4');
    expect(strayWordHint('4', {})).toBe('flags start with --; see --help');
  });
});
