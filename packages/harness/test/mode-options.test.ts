/**
 * Each mode's flags → typed options converter, with the defaults the flag tables and loadgen's SCENARIO_DEFAULTS
 * give (worked by hand from the tables): performance (scenario, conf files, plain loop, outputs), the plain loop's
 * RME limits, and tune.
 */
import { describe, expect, it } from 'vitest';
import { BenchError, parseCommandLine, type ParsedFlags } from '@modelbench/core';
import { loopInfo } from '../src/loop-record.ts';
import { plainLoopOptionsOf, plainRmeLimits } from '../src/loop-budget.ts';
import { performanceFlagsOf } from '../src/modes/performance.ts';
import { performanceOptionsOf } from '../src/modes/performance-options.ts';
import { tuneFlags } from '../src/modes/tune.ts';
import { tuneOptionsOf } from '../src/tune/options.ts';
import { validateFlagsFor, type PerformanceFlagSpecs } from '../src/flags.ts';
import { accuracyFlagsFor } from '../src/modes/accuracy-flags.ts';
import { runOptionsOf } from '../src/run-options.ts';

const performance = (argv: string[]) => performanceOptionsOf(parseCommandLine(argv, performanceFlagsOf({}), 'performance').flags as ParsedFlags<PerformanceFlagSpecs> & { quick?: boolean }, {});
const tune = (argv: string[], workload = { id: 'resnet50', defaultBatch: 8 }) => tuneOptionsOf(parseCommandLine(argv, tuneFlags, 'tune').flags, { id: workload.id, performance: { defaultBatch: workload.defaultBatch } });

describe('performanceOptionsOf', () => {
  it('no flags: the plain loop with the tables\' defaults (1 warm-up call, 0 ms, seed 0, top 15, calibration on)', () => {
    const o = performance([]);
    expect(o).toMatchObject({ batch: undefined, seed: 0, quiet: false, profiling: false, profileDir: 'out/profiles', topOperators: 15, calibration: true, jsonPath: undefined, markdownPath: undefined });
    expect(o.loop).toEqual({ warmupCalls: 1, warmupMs: 0, iterations: undefined, timeBudgetS: undefined, quick: false });
    expect(o.scenario).toMatchObject({ scenario: undefined, instances: 1, findPeakDecimals: 1, warmupCalls: 2 });
    expect(o.mlperfConf).toEqual({ mlperfConfPath: undefined, userConfPath: undefined, mlperfModel: undefined });
    expect(o.run).toEqual({
      session: { backendId: 'ort-cpu', threads: undefined, interOpThreads: undefined, graphOptimization: 'all', spinning: false },
      model: { modelPath: undefined, catalogueId: undefined, cacheDir: undefined, offline: false, allowUnpinned: false, synthetic: {} },
      precision: 'fp32',
      adapterId: undefined,
    });
  });

  it('--batch-size is --batch; outputs and session numbers under their names', () => {
    expect(performance(['--batch-size', '4']).batch).toBe(4);
    expect(performance(['--batch', '2', '--json', 'r.json', '--markdown', 'r.md', '--quiet', '--no-calibration', '--threads', '3', '--inter-op-threads', '2', '--seed', '7', '--mlperf-log-dir', 'logs'])).toMatchObject({
      batch: 2, jsonPath: 'r.json', markdownPath: 'r.md', quiet: true, calibration: false, seed: 7, mlperfLogDir: 'logs', run: { session: { threads: 3, interOpThreads: 2 } },
    });
    expect(performance(['--quick', '--iterations', '5', '--time-budget', '2.5', '--warmup', '0', '--warmup-ms', '30']).loop).toMatchObject({ quick: true, iterations: 5, timeBudgetS: 2.5, warmupCalls: 0, warmupMs: 30 });
  });

  it('without --scenario, --target-rme with --min-queries and --max-duration are the loop\'s, not the scenario\'s', () => {
    const o = performance(['--target-rme', '2', '--min-queries', '4', '--max-duration', '30']);
    expect(o.loop).toMatchObject({ targetRmePercent: 2, rmeMinIterations: 4, rmeMaxDurationS: 30 });
    expect(o.scenario.targetRmePercent).toBeUndefined();
    expect(o.scenario.minQueries).toBeUndefined();
    expect(o.scenario.maxDurationS).toBeUndefined();
  });

  it('with --scenario they are the scenario\'s, and the loop has none', () => {
    const o = performance(['--scenario', 'single-stream', '--target-rme', '2', '--min-queries', '4', '--max-duration', '30', '--mlperf-conf', 'm.conf']);
    expect(o.scenario).toMatchObject({ scenario: 'single-stream', targetRmePercent: 2, minQueries: 4, maxDurationS: 30 });
    expect(o.loop.targetRmePercent).toBeUndefined();
    expect(o.mlperfConf.mlperfConfPath).toBe('m.conf');
  });

  it('without --scenario, --min-queries alone stays the scenario\'s (so it is reported as needing one)', () => {
    expect(performance(['--min-queries', '4']).scenario.minQueries).toBe(4);
    expect(performance(['--min-queries', '4']).loop.rmeMinIterations).toBeUndefined();
  });
});

describe('runOptionsOf: the shared set-up\'s options, the same of every mode\'s table', () => {
  const every = ['--bf16', '--backend', 'null', '--threads', '2', '--inter-op-threads', '3', '--graph-optimization', 'basic', '--spinning', '--model', 'm.onnx', '--cache-dir', 'c', '--offline', '--allow-unpinned', '--adapter', 'torchvision'];
  const want = {
    session: { backendId: 'null', threads: 2, interOpThreads: 3, graphOptimization: 'basic', spinning: true },
    model: { modelPath: 'm.onnx', catalogueId: undefined, cacheDir: 'c', offline: true, allowUnpinned: true, synthetic: {} },
    precision: 'bf16',
    adapterId: 'torchvision',
  };
  it('performance, validate and accuracy flags give the same options', () => {
    expect(performance(every).run).toEqual(want);
    expect(runOptionsOf(parseCommandLine(every, validateFlagsFor('x'), 'validate').flags, {})).toEqual(want);
    expect(runOptionsOf(parseCommandLine(every, accuracyFlagsFor('x'), 'accuracy').flags, {})).toEqual(want);
  });

  it("--model-id is the catalogue's; the synthetic default's options are the workload's of its own flags", () => {
    const flags = parseCommandLine(['--model-id', 'resnet50-v1.5', '--detections', '7'], { ...validateFlagsFor('x'), detections: { kind: 'positiveInt', description: 'd' } }, 'validate').flags;
    const o = runOptionsOf(flags, { syntheticOptions: (f) => ({ maxDetections: f.detections }) });
    expect(o.model).toMatchObject({ modelPath: undefined, catalogueId: 'resnet50-v1.5', synthetic: { maxDetections: 7 } });
  });

  it('a --graph-optimization that is no level is one USAGE line naming the levels', () => {
    expect(() => performance(['--graph-optimization', 'max'])).toThrow(expect.objectContaining({ code: 'USAGE', message: "--graph-optimization must be one of disabled, basic, extended, all, got 'max'" }));
  });
});

describe('the plain RME loop: its limits in one place', () => {
  const loop = (f: Parameters<typeof plainLoopOptionsOf>[0]) => plainLoopOptionsOf(f, true);
  it('defaults: 10 iterations at least, 60 s, no cap; --max-duration, else --time-budget, is the budget', () => {
    expect(plainRmeLimits(loop({ warmup: 1, 'warmup-ms': 0, 'target-rme': 2 }))).toEqual({ minIterations: 10, maxIterations: undefined, budgetS: 60 });
    expect(plainRmeLimits(loop({ warmup: 1, 'warmup-ms': 0, 'target-rme': 2, 'time-budget': 5 })).budgetS).toBe(5);
    expect(plainRmeLimits(loop({ warmup: 1, 'warmup-ms': 0, 'target-rme': 2, 'time-budget': 5, 'max-duration': 7, 'min-queries': 3, iterations: 9 }))).toEqual({ minIterations: 3, maxIterations: 9, budgetS: 7 });
  });

  it("the record's loop section reads the same limits", () => {
    const info = loopInfo({
      timing: { samplesMs: [1, 2], warmupSamplesMs: [], totalTimedMs: 3 },
      rmeLoop: true,
      plan: { warmupIterations: 1, warmupMs: 0, iterations: undefined, timeBudgetMs: undefined, minIterations: 1 },
      loop: loop({ warmup: 1, 'warmup-ms': 0, 'target-rme': 2.5, 'time-budget': 12 }),
      machineLoad: { warnings: [] } as never,
      sessionLoadMs: 0,
      efficiency: null,
    });
    expect(info).toMatchObject({ minIterations: 10, maxIterations: null, timeBudgetSeconds: 12, targetRmePercent: 2.5 });
  });
});

describe('tuneOptionsOf', () => {
  it('defaults: both objectives, MLPerf\'s Server bound of the workload, 1, 4 and its default batch, 120 s, saved', () => {
    expect(tune([])).toEqual({
      objective: 'both', latencyBoundMs: 15, requestedBatches: [1, 4, 8], budgetS: 120, confirmS: 0, save: true, seed: 0,
      jsonPath: undefined, markdownPath: undefined, quiet: false,
      run: {
        session: { backendId: 'ort-cpu', threads: 1, interOpThreads: undefined, graphOptimization: 'all', spinning: false },
        model: { modelPath: undefined, catalogueId: undefined, cacheDir: undefined, offline: false, allowUnpinned: false, synthetic: {} },
        precision: 'fp32',
        adapterId: undefined,
      },
    });
    expect(tune([], { id: 'maskrcnn', defaultBatch: 1 })).toMatchObject({ latencyBoundMs: undefined, requestedBatches: [1] });
  });

  it('flags under their options', () => {
    expect(tune(['--objective', 'offline', '--batches', '2,16', '--budget-s', '30', '--confirm-s', '5', '--no-save', '--latency-bound-ms', '40', '--quiet', '--json', 't.json'])).toMatchObject({
      objective: 'offline', requestedBatches: [2, 16], budgetS: 30, confirmS: 5, save: false, latencyBoundMs: 40, quiet: true, jsonPath: 't.json',
    });
  });

  it('bad input, in the order the runner checked it: the objective, the server bound, then --batches', () => {
    const error = (argv: string[], id = 'resnet50'): BenchError => {
      try {
        tune(argv, { id, defaultBatch: 8 });
      } catch (e) {
        return e as BenchError;
      }
      throw new Error('no error');
    };
    expect(error(['--objective', 'fast', '--batches', 'x']).message).toBe("--objective must be offline, server or both, got 'fast'");
    expect(error(['--objective', 'server', '--batches', 'x'], 'maskrcnn').message).toBe('maskrcnn has no MLPerf Server latency bound, so --objective server needs one');
    expect(error(['--batches', 'x']).code).toBe('USAGE');
  });
});
