import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { recoverNxArgs } from '../src/nx-args.ts';

interface NxPlugin {
  swallowedFlags(nxArgv: readonly string[]): { words: string[]; batchStray: number };
  resultLines(taskResults: Record<string, { terminalOutput?: string }>): string[];
}
const plugin = createRequire(import.meta.url)('../../../tools/nx-plugin/modelbench.cjs') as NxPlugin;

const NX = ['/usr/bin/node', '/repo/node_modules/.bin/nx'];
/** What the child gets under Nx, measured with nx 23.3.1 (process.argv of a run-commands task). */
const CASES: { nx: string[]; child: string[]; want: string[] }[] = [
  { nx: ['run', 'resnet50:performance', '--bf16', '--batch', '4'], child: ['--bf16', '4'], want: ['--bf16', '--batch', '4'] },
  { nx: ['run', 'resnet50:performance', '--batch=16', '--threads', '2'], child: ['--threads', '2'], want: ['--threads', '2', '--batch', '16'] },
  { nx: ['run', 'resnet50:performance', '--batch-size', '1'], child: [], want: ['--batch-size', '1'] },
  { nx: ['run', 'resnet50:performance', '--batch-size=1'], child: [], want: ['--batch-size', '1'] },
  { nx: ['run', 'resnet50:performance', '--graph-optimization', 'all'], child: [], want: ['--graph-optimization', 'all'] },
  // the value of --iterations is also 2: only the stray 2 after it goes
  { nx: ['run', 'x:performance', '--iterations', '2', '--batch', '2'], child: ['--iterations', '2', '2'], want: ['--iterations', '2', '--batch', '2'] },
  { nx: ['run-many', '-t', 'performance', '--batch', '2', '--iterations', '2'], child: ['2', '--iterations', '2'], want: ['--iterations', '2', '--batch', '2'] },
  // Nx's own --parallel 3 is not forwarded, so it does not count
  { nx: ['run-many', '-t', 'performance', '--parallel', '3', '--seed', '3', '--batch', '3'], child: ['--seed', '3', '3'], want: ['--seed', '3', '--batch', '3'] },
  // every --target-… flag is Nx's too (measured: `nx run resnet50:performance --scenario server --target-qps 5 …`)
  { nx: ['run', 'resnet50:performance', '--scenario', 'server', '--target-qps', '5', '--latency-bound-ms', '200'], child: ['--scenario', 'server', '--latency-bound-ms', '200'], want: ['--scenario', 'server', '--latency-bound-ms', '200', '--target-qps', '5'] },
  { nx: ['run', 'resnet50:performance', '--target-rme=2', '--threads', '1'], child: ['--threads', '1'], want: ['--threads', '1', '--target-rme', '2'] },
  // a negative value reaches the workload, which refuses it
  { nx: ['run', 'x:performance', '--batch', '-1'], child: ['-1'], want: ['--batch', '-1'] },
  // --batch alone: the workload says it needs a value
  { nx: ['run', 'x:performance', '--batch', '--bf16'], child: ['--bf16'], want: ['--bf16', '--batch'] },
];

function childEnv(nx: string[]): NodeJS.ProcessEnv {
  const { words, batchStray } = plugin.swallowedFlags([...NX, ...nx]);
  return { NX_TASK_TARGET_PROJECT: 'x', MODELBENCH_NX_FLAGS: JSON.stringify(words), MODELBENCH_NX_BATCH_STRAY: String(batchStray) };
}

describe('the Nx plugin and recoverNxArgs together', () => {
  for (const c of CASES) {
    it(`nx ${c.nx.join(' ')} → ${c.want.join(' ')}`, () => {
      expect(recoverNxArgs(c.child, childEnv(c.nx))).toEqual(c.want);
    });
  }

  it('ignores words after `--` (Nx forwards those itself)', () => {
    expect(plugin.swallowedFlags([...NX, 'run', 'x:performance', '--', '--batch', '4'])).toEqual({ words: [], batchStray: -1 });
  });
});

describe('recoverNxArgs', () => {
  it('leaves argv alone outside an Nx task', () => {
    expect(recoverNxArgs(['4'], { MODELBENCH_NX_FLAGS: '["--batch","4"]', MODELBENCH_NX_BATCH_STRAY: '0' })).toEqual(['4']);
    expect(recoverNxArgs(['--batch', '2'], {})).toEqual(['--batch', '2']);
  });

  it('keeps a flag the command line already has (a child the matrix started with its own --batch)', () => {
    const env = { NX_TASK_TARGET_PROJECT: 'compare', MODELBENCH_NX_FLAGS: '["--batch","1"]', MODELBENCH_NX_BATCH_STRAY: '0' };
    expect(recoverNxArgs(['--batch', '8', '--iterations', '1'], env)).toEqual(['--batch', '8', '--iterations', '1']);
    expect(recoverNxArgs(['--batch-size=8'], env)).toEqual(['--batch-size=8']);
  });

  it('ignores a malformed variable', () => {
    expect(recoverNxArgs(['--bf16'], { NX_TASK_TARGET_PROJECT: 'x', MODELBENCH_NX_FLAGS: 'not json' })).toEqual(['--bf16']);
  });
});

describe('the Nx plugin result lines', () => {
  it('keeps TARGET, verdict and error lines, drops the rest, and reads redrawn lines as the terminal shows them', () => {
    const lines = plugin.resultLines({
      'resnet50:performance': { terminalOutput: '> tsx main.ts\r\n\r\x1b[2K[resnet50] warm-up · elapsed 0:01\r\x1b[2K\x1b[1m[TARGET] resnet50 Time 0.0123\x1b[22m\r\nmedian 12 ms\n' },
      'ssd:validate': { terminalOutput: 'ssd: verdict: PASS (within the thresholds)\n' },
      'bert:performance': { terminalOutput: 'error [USAGE]: --batch must be greater than zero, got -1\n  fix: for example --batch 1\n' },
    });
    expect(lines).toEqual([
      'resnet50:performance  [TARGET] resnet50 Time 0.0123',
      'ssd:validate  verdict: PASS (within the thresholds)',
      'bert:performance  error [USAGE]: --batch must be greater than zero, got -1',
    ]);
  });
});
