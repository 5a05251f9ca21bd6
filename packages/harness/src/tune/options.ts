/**
 * `tune`'s flags as typed options, made once at the runner's entry and checked in the order the runner always
 * checked them (--objective, then the server bound, then --batches, then the set-up's: --graph-optimization): USAGE
 * errors, exit 2. The shared set-up's options (run-options.ts) are `run`: tune's sessions open at one thread.
 */
import { BenchError } from '@modelbench/core';
import { mlperfServerBound } from '@modelbench/loadgen';
import { runOptionsOf, type RunFlagValues, type RunOptions, type SyntheticOptionsSource } from '../run-options.ts';
import { defaultBatches, parseBatches } from './grid.ts';

export type TuneObjectiveName = 'offline' | 'server';

export interface TuneOptions {
  /** --objective: what is searched */
  objective: TuneObjectiveName | 'both';
  /** the server objective's p99 bound: --latency-bound-ms, else MLPerf's Server bound of the workload (undefined: none) */
  latencyBoundMs: number | undefined;
  /** offline batches to try: --batches, else 1, 4, 16 and the workload's default up to 32 */
  requestedBatches: number[];
  budgetS: number;
  /** --confirm-s (0: no confirmation) */
  confirmS: number;
  /** false: --no-save */
  save: boolean;
  seed: number;
  jsonPath?: string | undefined;
  markdownPath?: string | undefined;
  quiet: boolean;
  /** the shared set-up's (session, model, precision, adapter), its session at one intra-op thread: what each cell starts from */
  run: RunOptions;
}

/** The tune flags this file reads (TuneFlagSpecs' parsed values; tune has no --threads, it searches them). */
export interface TuneFlagValues extends Omit<RunFlagValues, 'threads'> {
  objective: string;
  'latency-bound-ms'?: number | undefined;
  batches?: string | undefined;
  'budget-s': number;
  'confirm-s': number;
  'no-save'?: boolean | undefined;
  seed: number;
  json?: string | undefined;
  markdown?: string | undefined;
  quiet?: boolean | undefined;
}

export function tuneOptionsOf(f: TuneFlagValues, workload: { id: string; performance: { defaultBatch: number } } & SyntheticOptionsSource): TuneOptions {
  if (!['offline', 'server', 'both'].includes(f.objective)) throw new BenchError('USAGE', `--objective must be offline, server or both, got '${f.objective}'`, { hint: 'for example --objective offline' });
  const objective = f.objective as TuneOptions['objective'];
  const latencyBoundMs = f['latency-bound-ms'] ?? mlperfServerBound(workload.id)?.ms;
  if (objective === 'server' && latencyBoundMs === undefined) throw new BenchError('USAGE', `${workload.id} has no MLPerf Server latency bound, so --objective server needs one`, { hint: 'give --latency-bound-ms MS' });
  return {
    objective,
    latencyBoundMs,
    requestedBatches: f.batches !== undefined ? parseBatches(f.batches) : defaultBatches(workload.performance.defaultBatch),
    budgetS: f['budget-s'],
    confirmS: f['confirm-s'],
    save: f['no-save'] !== true,
    seed: f.seed,
    jsonPath: f.json,
    markdownPath: f.markdown,
    quiet: f.quiet === true,
    run: oneThread(runOptionsOf(f, workload)),
  };
}

/** The run's options with its session at one intra-op thread (tune's sessions; each cell sets its own threads). */
function oneThread(run: RunOptions): RunOptions {
  return { ...run, session: { ...run.session, threads: 1 } };
}
