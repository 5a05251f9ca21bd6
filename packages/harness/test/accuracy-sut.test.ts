/**
 * The accuracy run's SUT is the scenarios' SUT: the model call of an accuracy run and of a scenario's call is made on
 * the same line of sut-instance.ts (sutRunner), and a workload's several model calls per sample are answered in
 * rounds, each call once, with the predictions the in-process pipeline makes (worked values: the model doubles x).
 * validate's predictions go through the same SUT (validate-sut.ts: loadgen's accuracy mode over its own session).
 */
import { describe, expect, it } from 'vitest';
import { BackendRegistry, type Feeds, type InferenceBackend, type LoadedModel } from '@modelbench/backends';
import { InstancePool, realClock, type ExecutorFactory } from '@modelbench/loadgen';
import { accuracySutFactory, inThreadSutFactory, openAccuracySut } from '../src/modes/accuracy-sut.ts';
import { instanceConfig, realExecutorFactory, type MakeExecutorFactory } from '../src/modes/scenario-executors.ts';
import { predictAll } from '../src/modes/validate-sut.ts';
import { runPipeline } from '../src/pipeline.ts';
import { loadSampleStore } from '../src/sample-set.ts';
import type { SessionSpec } from '../src/session.ts';

/** every model call: its x and the frame of sut-instance.ts that made it */
const calls: { x: number; frame: string }[] = [];

const doubling: InferenceBackend = {
  id: 'doubling',
  description: 'y = 2 x',
  runtime: 'test',
  runtimeVersion: '0',
  provider: 'none',
  probe: async () => ({ ok: true }),
  planPrecision: (precision) => ({ precision, execution: 'native', sessionConfig: {}, reason: 'test' }),
  async load(_model, options): Promise<LoadedModel> {
    return {
      inputs: [{ name: 'x', type: 'float32', shape: [1] }],
      outputs: [{ name: 'y', type: 'float32', shape: [1] }],
      precision: options.precision,
      sessionOptions: { threads: options.threads },
      warnings: [],
      async run(feeds: Feeds) {
        const x = (feeds.x!.data as Float32Array)[0]!;
        calls.push({ x, frame: new Error().stack!.split('\n').find((l) => l.includes('sut-instance.ts')) ?? 'none' });
        return { y: { type: 'float32', dims: [1], data: Float32Array.of(2 * x) }, z: { type: 'float32', dims: [1], data: Float32Array.of(-x) } };
      },
      endProfiling: async () => undefined,
      dispose: async () => undefined,
    };
  },
};
const registry = new BackendRegistry([doubling]);
const spec: SessionSpec = { backendId: 'doubling', artifact: { path: 'unused.onnx' }, options: { threads: 1, precision: doubling.planPrecision('fp32') } };
const feeds = (x: number): Feeds => ({ x: { type: 'float32', dims: [1], data: Float32Array.of(x) } });
const y = (o: { y?: { data: unknown } }): number => (o.y!.data as Float32Array)[0]!;

/** the in-thread host, counting the sample sets loaded and their sizes */
function counted(loads: number[]): MakeExecutorFactory {
  return (config) => {
    const inner: ExecutorFactory = inThreadSutFactory(registry)(config);
    return async (s) => {
      const e = await inner(s);
      return { ...e, load: (samples) => (loads.push((samples as { count: number }).count), e.load!(samples)) };
    };
  };
}

/** One scenario call (a performance call, no response) on a one-sample set whose sample is x = 7. */
async function scenarioCallOf7(): Promise<void> {
  const { store } = loadSampleStore({ performanceCount: 1, totalCount: 1, countSource: 't', describe: 't', feedsOf: () => feeds(7) });
  const scenarioExecutor = await inThreadSutFactory(registry)(instanceConfig({ spec, precision: 'fp32', store, sequential: true }))({ index: 0, threads: 1 });
  const pool = new InstancePool([scenarioExecutor], realClock);
  pool.submit({ queryId: 0, samples: [0] }, () => undefined);
  await pool.drain();
}

describe('the accuracy SUT', () => {
  it('a scenario\'s call and an accuracy run\'s call reach the model from the same line of sutRunner', async () => {
    calls.length = 0;
    await scenarioCallOf7();
    const sut = await openAccuracySut(spec, 'fp32', inThreadSutFactory(registry));
    const [out] = await sut.mapChunk([5], (x, infer) => infer(feeds(x), ['y']));
    await sut.dispose();
    expect(y(out!)).toBe(10);
    expect(out).not.toHaveProperty('z'); // only the outputs the call named
    expect(calls.map((c) => c.x)).toEqual([7, 5]);
    expect(calls[0]!.frame).toMatch(/sut-instance\.ts:\d+/);
    expect(calls[1]!.frame).toBe(calls[0]!.frame);
  });

  it('several model calls per sample: rounds of every waiting call, each issued once, the in-process pipeline\'s predictions', async () => {
    calls.length = 0;
    const loads: number[] = [];
    const sut = await openAccuracySut(spec, 'fp32', counted(loads));
    // an odd sample makes a second call on its first output (BERT's windows, then the reference's features)
    const run = async (s: number, infer: (f: Feeds, names: readonly string[]) => Promise<Record<string, { data: unknown }>>): Promise<number> => {
      const first = y(await infer(feeds(s), ['y']));
      return s % 2 === 1 ? y(await infer(feeds(first), ['y'])) : first;
    };
    const got = await sut.mapChunk([0, 1, 2, 3, 4], (s, infer) => run(s, infer as never));
    await sut.dispose();
    // worked: 0, 2·2·1, 2·2, 2·2·3, 2·4
    expect(got).toEqual([0, 4, 4, 12, 8]);
    // round 1: the five first calls; round 2: the two odd samples' second calls
    expect(loads).toEqual([5, 2]);
    expect(calls.map((c) => c.x)).toEqual([0, 1, 2, 3, 4, 2, 6]);
    // the in-process pipeline (runPipeline on the session's own run) gives the same predictions
    const session = await doubling.load({ path: 'unused.onnx' }, spec.options);
    const pipeline = { outputNames: ['y'], preprocess: (s: number) => ({ inputs: feeds(s), context: null }), postprocess: (o: Record<string, { data: unknown }>) => y(o) };
    const direct = await Promise.all([0, 2, 4].map(async (s) => (await runPipeline(pipeline, s, (f, n) => session.run(f, n))).prediction));
    expect(direct).toEqual([got[0], got[2], got[4]]);
  });

  it('validate\'s predictions: the same line of sutRunner, over validate\'s own session (left open), one sample a round', async () => {
    calls.length = 0;
    await scenarioCallOf7();
    let disposed = 0;
    const session = { ...(await doubling.load({ path: 'unused.onnx' }, spec.options)), dispose: async () => void disposed++ };
    // BERT's shape: a sample of 3 rows run 2 rows a call (run-rows.ts), the outputs joined back
    const rows = (xs: number[]): Feeds => ({ x: { type: 'float32', dims: [xs.length], data: Float32Array.from(xs) } });
    const pipeline = { outputNames: ['y'], maxRowsPerCall: 1, preprocess: (s: number[]) => ({ inputs: rows(s), context: s.length }), postprocess: (o: Record<string, { data: unknown }>, n: number) => [...(o.y!.data as Float32Array)].slice(0, n) };
    const ticks: number[] = [];
    const got = await predictAll({ loaded: session, threads: 3 }, pipeline, [[1, 2], [3]], (done) => ticks.push(done));
    // worked: each row doubled; one model call a row
    expect(got.predictions).toEqual([[2, 4], [6]]);
    // the record's sut is what the SUT's executor reports: this thread, one instance, the session's threads
    expect(got.sut).toEqual({ host: 'in-process', instances: 1, threadsPerInstance: 3 });
    expect(ticks).toEqual([1, 2]);
    expect(calls.map((c) => c.x)).toEqual([7, 1, 2, 3]);
    expect(new Set(calls.map((c) => c.frame)).size).toBe(1);
    expect(calls[1]!.frame).toMatch(/sut-instance\.ts:\d+/);
    expect(disposed).toBe(0);
  });

  it('a model call that fails fails the sample waiting on it', async () => {
    const sut = await openAccuracySut(spec, 'fp32', inThreadSutFactory(registry));
    await expect(sut.mapChunk([1], (x, infer) => infer(feeds(x), ['w']))).rejects.toThrow(/no output 'w'/);
    await sut.dispose();
  });

  it('a real backend is hosted in a worker thread; a backend only the caller\'s registry has, in this thread', () => {
    expect(accuracySutFactory('ort-cpu', registry)).toBe(realExecutorFactory);
    expect(accuracySutFactory('doubling', registry)).not.toBe(realExecutorFactory);
  });
});
