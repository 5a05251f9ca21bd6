/**
 * performance --scenario: the harness's branch into loadgen on the fake workload and backend, the instances on
 * loadgen's FakeClock (service times chosen so every figure can be worked by hand), real worker threads on a tiny
 * ONNX model, bad input (one line, exit 2), an interrupt (exit 143, no record), and the plain loop's --target-rme.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BenchError, formatError, parseCommandLine, runRecordProblems } from '@modelbench/core';
import { createDefaultRegistry } from '@modelbench/backends';
import { FakeClock, fakeExecutorFactory, workerExecutorFactory } from '@modelbench/loadgen';
import { GraphBuilder } from '@modelbench/onnx';
import { runPerformance } from '../src/modes/performance.ts';
import { instanceConfig, type SutConfig } from '../src/modes/scenario-executors.ts';
import type { AnyWorkload } from '../src/workload.ts';
import { timeLoopToRme } from '../src/modes/scenario-plain-rme.ts';
import { modeFlags, runWorkloadCommand } from '../src/workload-main.ts';
import { counts, fakeRegistry, fakeWorkload, writeTinyModel } from './fake-workload.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'mb-scenario-'));
const model = writeTinyModel(dir);
let stdout = '';

beforeEach(() => {
  stdout = '';
  counts.runs = 0;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

interface Ran {
  code: number;
  record: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  configs: SutConfig[];
}

/** Runs `fake performance` with instances on a FakeClock taking `msPerSample` per sample of a call. */
async function runFake(args: string[], msPerSample: number, workload: AnyWorkload = fakeWorkload): Promise<Ran> {
  const json = join(dir, `r${Math.random().toString(36).slice(2)}.json`);
  const { flags, positionals } = parseCommandLine(['--model', model, '--backend', 'fake', '--json', json, ...args], modeFlags(fakeWorkload, 'performance'), 'fake performance');
  const clock = new FakeClock();
  const configs: SutConfig[] = [];
  const code = await runPerformance({ workload: workload, flags: flags as never, positionals, registry: fakeRegistry(), startedAt: new Date() }, {
    makeFactory: (config) => {
      configs.push(config);
      return fakeExecutorFactory(clock, (_i, samples) => msPerSample * samples);
    },
    runOptions: { clock, machineLoad: false },
  });
  const saved = JSON.parse(readFileSync(json, 'utf8'));
  return { code, record: Array.isArray(saved) ? saved[0] : saved, configs };
}

describe('performance --scenario on the fake workload (FakeClock)', () => {
  it('single-stream: 10 ms queries, closed loop to --min-duration 0.5 s and 64 queries — the early-stopping p90 estimate is the [TARGET], VALID, every latency raw', async () => {
    const { code, record, configs } = await runFake(['--scenario', 'single-stream', '--min-duration', '0.5', '--min-queries', '64', '--threads', '1'], 10);
    expect(code).toBe(0);
    // issues at 0, 10, …; 500 ms is passed by the 51st, 64 queries are asked for: 64, the last issued at 630 ms
    expect(record.scenario.raw.latencyMs).toEqual(Array(64).fill(10));
    expect(record.scenario.raw.issuedMs.at(-1)).toBe(630);
    expect(stdout).toMatch(/^\[TARGET\] fake Time 0\.010000$/m);
    expect(record.scenario.validity).toMatchObject({ verdict: 'VALID', reasons: [] });
    expect(record.samplesMs).toEqual(Array(64).fill(10));
    expect(record.config).toMatchObject({ batch: 1, iterations: 64, threads: 1, batchMode: 'sequential', extra: { scenario: 'single-stream', target: "MLPerf's Early stopping 90th percentile estimate (early_stopping_latency_ss)" } });
    expect(record.scenario.headline).toMatchObject({ mlperfKey: 'early_stopping_latency_ss', value: 10, plain: { name: 'p90 latency', value: 10 } });
    expect(stdout).toMatch(/^ {2}MLPerf's Early stopping 90th percentile estimate \(early_stopping_latency_ss\): 10\.00 ms; plain p90 latency 10\.00 ms$/m);
    expect(runRecordProblems(record)).toEqual([]);
    // the fake workload takes one sample per call and gives no performance set: its call (0, 0) feeds are the one
    // sample, every query runs it (said in a warning), the SUT runs k calls for k samples
    expect(configs).toHaveLength(1);
    expect(configs[0]!.payload).toMatchObject({ backendId: 'fake', modelPath: model, precision: 'fp32', sequential: true, store: { count: 1, inputs: { x: { dims: [[1]] } } } });
    expect(configs[0]!.payload.options).not.toHaveProperty('threads');
    expect(record.scenario.settings.sampleCount).toBe(1);
    expect(record.scenario.sampleIndices).toEqual(Array(64).fill([0]));
    expect(record.warnings.join('\n')).toMatch(/every query runs the same sample/);
    expect(stdout).toMatch(/^single-stream: 1 instance × 1 thread, batch 1$/m);
    expect(stdout).toMatch(/^ {2}VALID$/m);
  });

  it('offline, 2 instances: the query sized as loadgen does — 1.1 × 1 s × the warm-up\'s 200 samples/s = 220 samples, 110 calls each', async () => {
    const md = join(dir, 'offline.md');
    const { record } = await runFake(['--scenario', 'offline', '--instances', '2', '--threads', '1', '--min-duration', '1', '--min-queries', '8', '--markdown', md], 10);
    expect(readFileSync(md, 'utf8')).toMatch(/## Scenario\n\n```\noffline: 2 instances × 1 thread, batch 1\n {2}MLPerf's Samples per second \(result_samples_per_second\): 200\.00 samples\/s\n {2}220 samples in 1\.10 s/);
    const s = record.scenario;
    expect(s.totals).toMatchObject({ queries: 1, samples: 220, durationMs: 1100, samplesPerSecond: 200 });
    expect(s.instances.map((i: { calls: number; samples: number }) => [i.calls, i.samples])).toEqual([[110, 110], [110, 110]]);
    expect(s.raw.sampleDoneMs).toHaveLength(220);
    expect(Math.max(...s.raw.sampleDoneMs)).toBe(1100);
    expect(stdout).toMatch(/^\[TARGET\] fake Time 0\.005000$/m); // 1.1 s / 220 samples
    expect(record.config).toMatchObject({ batch: 220, iterations: 1, extra: { instances: 2, target: "1 / MLPerf's Samples per second (result_samples_per_second, 200.00 samples/s)" } });
    expect(record.throughputSamplesPerSecond).toBeCloseTo(200, 9);
    expect(s.validity.verdict).toBe('VALID');
    expect(runRecordProblems(record)).toEqual([]);
  });

  it('multi-stream: 4 samples a query in one call of 4 (one instance): 40 ms queries, p99 the [TARGET]; too few queries for p99 early stopping is INVALID', async () => {
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    const { record } = await runFake(['--scenario', 'multi-stream', '--samples-per-query', '4', '--min-duration', '0.1', '--min-queries', '10', '--threads', '1'], 10);
    // said before the run: 10 queries can never give loadgen's p99 estimate (662)
    expect(stderr).toMatch(/^warning: this run cannot be VALID unless it runs past its minimum: loadgen's early stopping the p99 estimate needs at least 662 queries, and the minimum is 10 queries \(give --min-queries 662 or more\)$/m);
    const s = record.scenario;
    expect(s.raw.latencyMs).toEqual(Array(10).fill(40));
    expect(s.instances[0]).toMatchObject({ calls: 10, samples: 40 });
    expect(stdout).toMatch(/^\[TARGET\] fake Time 0\.040000$/m);
    expect(record.config.batch).toBe(4);
    expect(s.validity.verdict).toBe('INVALID');
    expect(s.validity.reasons.join(' ')).toMatch(/early stopping/i);
  });

  it('server: Poisson at 500 QPS on 2 instances of 1 ms — achieved QPS, p99 within --latency-bound-ms 200, every query\'s due/issue/latency', async () => {
    const { record } = await runFake(['--scenario', 'server', '--target-qps', '500', '--latency-bound-ms', '200', '--instances', '2', '--threads', '1', '--min-duration', '1', '--min-queries', '500'], 1);
    const s = record.scenario;
    const n = s.raw.latencyMs.length;
    expect(n).toBeGreaterThanOrEqual(500);
    expect(s.raw.scheduledMs).toHaveLength(n);
    expect(s.raw.issuedMs).toHaveLength(n);
    // a query is never faster than its 1 ms call, and (fake clock) issued exactly when due
    expect(Math.min(...s.raw.latencyMs)).toBe(1);
    expect(s.raw.issuedMs).toEqual(s.raw.scheduledMs);
    // completed samples per second is loadgen's (n − 1) / the final issued query's completion, and the headline
    const finalDone = s.raw.scheduledMs[n - 1] + s.raw.latencyMs[n - 1];
    expect(s.totals.achievedQps).toBeCloseTo(((n - 1) * 1000) / finalDone, 3); // raw times are kept to 4 decimals
    expect(s.headline).toMatchObject({ mlperfKey: 'result_completed_samples_per_sec', better: 'higher' });
    expect(s.headline.value).toBe(s.totals.achievedQps);
    // [TARGET] carries it as seconds per sample; the scheduled QPS is printed beside the target
    expect(stdout).toMatch(new RegExp(`^\\[TARGET\\] fake Time ${(1 / s.totals.achievedQps).toFixed(6).replace('.', '\\.')}$`, 'm'));
    expect(stdout).toMatch(/^ {2}target 500\.00 QPS, scheduled \d+\.\d\d QPS, completed \d+\.\d\d samples\/s;/m);
    expect(s.validity.checks.latencyBound).toBe(true);
    expect(runRecordProblems(record)).toEqual([]);
  });

  it('server --find-peak: the record holds every probe and the run at the peak it found', async () => {
    const { record } = await runFake(['--scenario', 'server', '--find-peak', '--find-peak-decimals', '0', '--target-qps', '10', '--latency-bound-ms', '5', '--threads', '1', '--min-duration', '1', '--min-queries', '50'], 2);
    const p = record.scenario.findPeak;
    expect(p.probes.length).toBeGreaterThan(1);
    expect(p.probes[0].qps).toBe(10);
    expect(p.peakQps).toBeDefined();
    // the peak meets the bound and every probe above it that was tried missed it
    expect(p.probes.find((x: { qps: number }) => x.qps === p.peakQps).meets).toBe(true);
    expect(p.probes.filter((x: { qps: number }) => x.qps > p.peakQps).every((x: { meets: boolean }) => !x.meets)).toBe(true);
    expect(record.scenario.totals.targetQps).toBe(p.peakQps);
    expect(stdout).toMatch(/find-peak: peak \d+ QPS to 0 decimals \([\d.]+ QPS run\) under p99 ≤ 5\.000 ms/);
    expect(runRecordProblems(record)).toEqual([]);
  });

  it('a workload\'s performance set: 40 distinct samples loaded once, settings.sampleCount 40, each query\'s indices in the record and used', async () => {
    let made = 0;
    const withSet: AnyWorkload = {
      ...fakeWorkload,
      performance: {
        ...fakeWorkload.performance,
        async prepare(ctx: never) {
          const p = await fakeWorkload.performance.prepare(ctx);
          // sample i is the one number i + 0.5: each is made once, when the set is loaded
          return { ...p, performanceSamples: { performanceCount: 40, countSource: 'stated for the test', totalCount: 1000, describe: 'i + 0.5', feedsOf: (i: number) => ((made++), { x: { type: 'float32' as const, dims: [1], data: Float32Array.of(i + 0.5) } }) } };
        },
      } as never,
    };
    const { record, configs } = await runFake(['--scenario', 'single-stream', '--min-duration', '0', '--min-queries', '300', '--threads', '1'], 1, withSet);
    expect(made).toBe(40);
    const store = configs[0]!.payload.store;
    expect(store.count).toBe(40);
    expect([...(store.inputs.x!.data as Float32Array)]).toEqual(Array.from({ length: 40 }, (_, i) => i + 0.5));
    expect(record.scenario.settings.sampleCount).toBe(40);
    expect(record.scenario.sampleSet).toMatchObject({ performanceSampleCount: 40, loadedSampleCount: 40, cappedBy: null, countSource: 'stated for the test' });
    const picks: number[][] = record.scenario.sampleIndices;
    expect(picks).toHaveLength(300);
    expect(picks.every((q) => q.length === 1 && q[0]! >= 0 && q[0]! < 40)).toBe(true);
    // 300 uniform draws over 40 samples: all but a handful appear (P(a sample never drawn) = (39/40)^300 ≈ 5e-4)
    expect(new Set(picks.flat()).size).toBeGreaterThan(35);
    expect(record.warnings.join('\n')).not.toMatch(/same sample/);
  });

  it('plain-loop flags a scenario does not use are named in a warning, not refused (compare and fleet pass --iterations)', async () => {
    const { record } = await runFake(['--scenario', 'single-stream', '--iterations', '5', '--min-duration', '0', '--min-queries', '3'], 10);
    expect(record.warnings.join('\n')).toMatch(/--iterations is for the plain loop/);
    expect(record.scenario.raw.latencyMs).toHaveLength(3);
  });
});

describe('real instances', () => {
  it('a sequential instance runs k model calls for k samples on its fixed-shape one-sample feeds (no batch dimension to cut)', async () => {
    const g = new GraphBuilder('fixed');
    g.input('x', 'FLOAT', [3, 4]);
    g.op('Relu', ['x'], {}, 'y');
    g.output('y', 'FLOAT', [3, 4]);
    const path = join(dir, 'fixed.onnx');
    writeFileSync(path, g.toBytes());
    const feeds = { x: { type: 'float32' as const, dims: [3, 4], data: new Float32Array(12) } };
    const spec = { backendId: 'ort-cpu', artifact: { path }, options: { precision: { precision: 'fp32' as const, execution: 'native' as const, sessionConfig: {}, reason: '' }, graphOptimizationLevel: 'all' as const, threads: 4 } };
    const seq = await workerExecutorFactory(instanceConfig({ spec, precision: 'fp32', feeds, sequential: true }))({ index: 0, threads: 1 });
    try {
      expect(seq.sessionOptions).toMatchObject({ intraOpNumThreads: 1 }); // the instance's threads, not the spec's 4
      expect(await seq.run([0, 0])).toMatchObject({ modelMs: expect.any(Number) });
    } finally {
      await seq.dispose();
    }
    // without `sequential` the one sample is the feeds' first row, two of them stack to [2, 4], which the model refuses
    const cut = await workerExecutorFactory(instanceConfig({ spec, precision: 'fp32', feeds, sequential: false }))({ index: 0, threads: 1 });
    try {
      await expect(cut.run([0, 0])).rejects.toThrow();
    } finally {
      await cut.dispose();
    }
  }, 60_000);

  it('offline on 2 worker threads through the command line with onnxruntime: a valid record with every sample\'s completion', async () => {
    const json = join(dir, 'real.json');
    const code = await runWorkloadCommand(fakeWorkload, ['performance', '--model', model, '--backend', 'ort-cpu', '--scenario', 'offline', '--instances', '2', '--threads', '1', '--min-duration', '0.2', '--min-queries', '16', '--json', json], createDefaultRegistry());
    expect(code).toBe(0);
    const [rec] = [JSON.parse(readFileSync(json, 'utf8'))].flat();
    expect(runRecordProblems(rec)).toEqual([]);
    expect(rec.scenario.instances.map((i: { kind: string }) => i.kind)).toEqual(['worker-thread', 'worker-thread']);
    expect(rec.scenario.raw.sampleDoneMs.length).toBe(rec.scenario.totals.samples);
    expect(rec.scenario.totals.samples).toBeGreaterThanOrEqual(16);
    expect(rec.backend.sessionOptions).toMatchObject({ intraOpNumThreads: 1 });
  }, 120_000);
});

describe('bad input: one line naming the problem and the fix, exit 2, before any model work', () => {
  const cases: [string[], RegExp][] = [
    [['--scenario', 'bogus'], /unknown scenario 'bogus'/],
    [['--scenario', 'offline', '--instances', '0'], /--instances must be a whole number of at least 1/],
    [['--scenario', 'server', '--target-qps', '0'], /--target-qps must be greater than zero/],
    [['--scenario', 'server', '--target-qps', '5', '--latency-bound-ms', '-1'], /--latency-bound-ms must be greater than zero/],
    [['--scenario', 'server', '--find-peak'], /fake has no MLPerf Server latency bound, so --find-peak needs one/],
    [['--find-peak'], /--find-peak needs a scenario/],
    [['--scenario', 'offline', '--profiling'], /--profiling profiles one session/],
    [['--target-rme', '0'], /--target-rme must be greater than zero/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), async () => {
      const err = await runWorkloadCommand(fakeWorkload, ['performance', '--model', model, '--backend', 'fake', ...args], fakeRegistry()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BenchError);
      expect((err as BenchError).code).toBe('USAGE');
      expect((err as BenchError).exitCode).toBe(2);
      expect((err as BenchError).message).toMatch(message);
      expect((err as BenchError).hint).toBeTruthy();
      expect(counts.runs).toBe(0);
    });
  }

  it('more instances × threads than the physical cores is a warning and the run goes on', async () => {
    // 2 instances × (logical cores) threads: above the physical cores, within 4× the logical ones
    const threads = availableParallelism();
    const { record } = await runFake(['--scenario', 'single-stream', '--instances', '2', '--threads', String(threads), '--min-duration', '0', '--min-queries', '3'], 10);
    expect(record.warnings.join('\n')).toMatch(new RegExp(`2 instances × ${threads} threads = ${2 * threads} threads on \\d+ physical cores`));
  });

  it('instances × threads far beyond the cores (issue 21 #1: --instances 999 --threads 1) is refused before any instance starts', async () => {
    const json = join(dir, 'too-many.json');
    const started: unknown[] = [];
    const args = ['--model', model, '--backend', 'fake', '--scenario', 'offline', '--instances', '999', '--threads', '1', '--json', json];
    const { flags, positionals } = parseCommandLine(args, modeFlags(fakeWorkload, 'performance'), 'fake performance');
    const err = await runPerformance({ workload: fakeWorkload, flags: flags as never, positionals, registry: fakeRegistry(), startedAt: new Date() }, {
      makeFactory: (config) => {
        started.push(config);
        throw new Error('no instance may start');
      },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'USAGE', exitCode: 2 });
    expect(formatError(err)).toBe(
      `error [USAGE]: --instances 999 × --threads 1 = 999 threads is more than 4× this machine's ${availableParallelism()} logical cores\n` +
        `  fix: pass --instances ${availableParallelism()} --threads 1 or fewer (instances × threads at most the cores), or --instances auto`,
    );
    expect(started).toEqual([]);
    // the record, if written, is the error record
    if (existsSync(json)) expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ status: 'error', error: { code: 'USAGE' } });
  });

  it('a workload\'s command line prints the problem and its fix and exits 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'packages/resnet50/src/main.ts', 'performance', '--scenario', 'server', '--target-qps', '-3'], { cwd: repo, encoding: 'utf8' });
    expect(r.status).toBe(2);
    // core's error format: the problem, then its fix; no stack trace
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error \[USAGE\]: --target-qps must be greater than zero, got '-3'$/), expect.stringMatching(/^ {2}fix: /)]);
  }, 60_000);
});

describe('an interrupted run', () => {
  it('SIGTERM mid-run: one line, the instances ended, exit 143, no record written', async () => {
    const json = join(dir, 'interrupted.json');
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'scenario-interrupt-child.ts'), json], { cwd: repo });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d) => {
        out += String(d);
        if (out.includes('instances started')) setTimeout(resolve, 500); // into the timed phase
      });
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(err).toMatch(/^interrupted by SIGTERM: the run was stopped and no record was written/m);
    expect(out).toMatch(/instance 0 disposed/);
    expect(out).toMatch(/instance 1 disposed/);
    expect(out).not.toMatch(/\[TARGET\]/);
    expect(existsSync(json)).toBe(false);
  }, 60_000);
});

describe('the plain loop with --target-rme', () => {
  // iterations alternate 9 and 11 ms: after 10, mean 10, sd √(10/9), RME = t(9) · sd/√10 / mean = 2.2621571628 · (1/3) / 10 = 7.5405 % (t(9) from scipy 1.17.1)
  const alternating = () => {
    let now = 0;
    const clock = () => now;
    const run = async (i: number): Promise<void> => {
      now += i < 0 ? 5 : i % 2 === 0 ? 9 : 11;
    };
    return { clock, run };
  };

  it('stops at the first iteration count (at least the minimum) whose RME is within the target', async () => {
    const { clock, run } = alternating();
    const r = await timeLoopToRme({ warmupIterations: 1, warmupMs: 0, targetPercent: 8, minIterations: 10, budgetMs: 10_000 }, run, clock);
    expect(r.samplesMs).toHaveLength(10);
    expect(r.warmupSamplesMs).toEqual([5]);
    expect(r.rme.reached).toBe(true);
    expect(r.rme.percent).toBeCloseTo(7.540523875994015, 9);
    expect(r.rme.stopReason).toBe('target-rme-reached');
  });

  it('a target it cannot reach stops at the time budget and says so', async () => {
    const { clock, run } = alternating();
    const r = await timeLoopToRme({ warmupIterations: 0, warmupMs: 0, targetPercent: 1, minIterations: 2, budgetMs: 100 }, run, clock);
    expect(r.samplesMs).toHaveLength(10); // 9 + 11 + … reaches 100 ms at the 10th
    expect(r.rme).toMatchObject({ reached: false, stopReason: 'rme-budget-spent' });
    expect(r.rme.percent).toBeCloseTo(7.540523875994015, 9);
  });

  it('through the command line: the default stays 10 iterations; --target-rme runs at least --min-queries and records the RME', async () => {
    const json = join(dir, 'plain.json');
    await runWorkloadCommand(fakeWorkload, ['performance', '--model', model, '--backend', 'fake', '--no-calibration', '--json', json], fakeRegistry());
    expect([JSON.parse(readFileSync(json, 'utf8'))].flat()[0].samplesMs).toHaveLength(10);
    expect(stdout).toMatch(/^\[TARGET\] fake Time \d+\.\d{6}$/m);
    await runWorkloadCommand(fakeWorkload, ['performance', '--model', model, '--backend', 'fake', '--no-calibration', '--target-rme', '1000', '--min-queries', '4', '--json', json], fakeRegistry());
    const rec = [JSON.parse(readFileSync(json, 'utf8'))].flat()[0];
    expect(rec.samplesMs.length).toBeGreaterThanOrEqual(4);
    expect(rec.latency.rmePercent).toBeLessThanOrEqual(1000);
    // a percentage is not a timer: the tables print timers in ms (#23: `--target-rme 5` printed "4.994 ms")
    expect(Object.keys(rec.timers).some((k) => /rme/i.test(k))).toBe(false);
    expect(rec.scenario).toBeUndefined();
  });
});
