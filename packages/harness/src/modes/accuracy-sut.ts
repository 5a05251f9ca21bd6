/**
 * The system under test of an accuracy run: the scenarios' SUT (sut-instance.ts's createInstance and its one
 * `sutRunner`, hosted by loadgen's worker instance, fed from a SampleStore) answering loadgen's accuracy mode
 * (runAccuracyQueries: every loaded sample once, responses by index). MLPerf requires the same code path for the
 * accuracy and the performance modes; only `respond` differs.
 *
 * What one SUT sample is: one model call's feeds. A workload's `run` pre-processes a data set sample into one call
 * (an image) or several (BERT's windows of a long context, in rows of at most maxRowsPerCall, and the reference's
 * features for MLPerf's log); each call it makes (`infer`) becomes one sample of the SUT's loaded set, so BERT's
 * multi-call run goes through the same SUT without changing what it computes. The samples of a chunk of the data set
 * run together in rounds: once every sample of the chunk is waiting on a model call (or done), those calls' feeds
 * are loaded into a new SampleStore (LoadSamplesToRam: handed to the instance, the previous one dropped), issued
 * once each, and each waiting `infer` gets its response; post-processing stays on this thread. Memory is bounded by
 * the chunk (ACCURACY_CHUNK_SAMPLES data set samples' feeds at a time).
 */
import { BenchError, type PrecisionName } from '@modelbench/core';
import { createDefaultRegistry, type BackendRegistry, type Feeds, type Outputs } from '@modelbench/backends';
import { inThreadExecutor, InstancePool, realClock, runAccuracyQueries, type Executor, type InstanceInfo } from '@modelbench/loadgen';
import { loadSampleStore, type SampleStore } from '../sample-set.ts';
import type { SessionSpec } from '../session.ts';
import { openSutInstance, type SutResponse } from '../sut-instance.ts';
import { instanceConfig, realExecutorFactory, type MakeExecutorFactory } from './scenario-executors.ts';

/** Data set samples whose model calls are loaded and issued together (stated: 8 Mask R-CNN images' feeds are ~100 MB). */
export const ACCURACY_CHUNK_SAMPLES = 8;

export type InferFn = (feeds: Feeds, outputNames: readonly string[]) => Promise<Outputs>;

export interface AccuracySut {
  /** runs `fn` on every item at once, each model call it makes (`infer`) answered by the SUT; results in order */
  mapChunk<T, R>(items: readonly T[], fn: (item: T, infer: InferFn) => Promise<R>): Promise<R[]>;
  readonly sessionOptions: Record<string, unknown> | undefined;
  /** how the SUT is hosted, for the record */
  readonly host: SutHost;
  dispose(): Promise<void>;
}

/** A record's `sut` section: where the SUT ran, its instances and each one's intra-op threads. */
export interface SutHost {
  host: 'worker-thread' | 'child-process' | 'in-process';
  instances: number;
  threadsPerInstance: number;
}

/** The record's view of one executor (a fake one has no place in a record). */
export function sutHostOf(info: InstanceInfo): SutHost {
  if (info.kind === 'fake') throw new BenchError('INTERNAL', 'an accuracy SUT on a fake executor has no host to record');
  return { host: info.kind, instances: 1, threadsPerInstance: info.threads };
}

interface WaitingCall {
  feeds: Feeds;
  outputNames: readonly string[];
  resolve(o: Outputs): void;
  reject(e: unknown): void;
}

/** The outputs a call asked for, out of the SUT's response (it fetches every output). */
function picked(all: Outputs, names: readonly string[]): Outputs {
  if (names.length === 0) return all;
  const out: Outputs = {};
  for (const n of names) {
    const t = all[n];
    if (!t) throw new BenchError('INTERNAL', `the SUT's response has no output '${n}' (it has ${Object.keys(all).join(', ')})`);
    out[n] = t;
  }
  return out;
}

/**
 * The same SUT (openSutInstance: createInstance's code, its one sutRunner) hosted in this thread, for a backend that
 * only the caller's registry has (a test's own): a worker thread builds the default registry and cannot construct it.
 */
export function inThreadSutFactory(registry: Pick<BackendRegistry, 'select'>): MakeExecutorFactory {
  return (config) => async (spec) => inThreadExecutor(spec, await openSutInstance(config.payload, spec, registry));
}

/** How the accuracy SUT is hosted: in a worker thread (as the scenarios) for a backend the default registry has (every
 * real one); in this thread, by the same code, for one only `registry` has. */
export function accuracySutFactory(backendId: string, registry: Pick<BackendRegistry, 'select' | 'ids'>): MakeExecutorFactory {
  return createDefaultRegistry().ids().includes(backendId) ? realExecutorFactory : inThreadSutFactory(registry);
}

/** One instance of the SUT over this session's spec (its threads), its sample set loaded round by round. */
export async function openAccuracySut(spec: SessionSpec, precision: PrecisionName, make: MakeExecutorFactory = realExecutorFactory): Promise<AccuracySut> {
  const empty: SampleStore = { count: 0, inputs: {} };
  // sequential: a SUT sample is one model call's feeds as the workload made them; every output is fetched
  const executor: Executor = await make(instanceConfig({ spec, precision, store: empty, sequential: true }))({ index: 0, threads: spec.options.threads ?? 1 });
  return accuracySutOf(executor);
}

/** Accuracy mode over one SUT instance (an executor that takes `load`): rounds of loaded calls, issued by loadgen. */
export async function accuracySutOf(executor: Executor): Promise<AccuracySut> {
  if (!executor.load) {
    await executor.dispose();
    throw new BenchError('INTERNAL', 'the accuracy SUT\'s executor takes no new sample set (no load)');
  }
  const load = executor.load.bind(executor);
  const pool = new InstancePool([executor], realClock);

  async function round(calls: WaitingCall[]): Promise<void> {
    try {
      const { store } = loadSampleStore(
        { performanceCount: calls.length, totalCount: calls.length, countSource: 'accuracy: one model call a sample', describe: 'accuracy round', feedsOf: (i) => calls[i]!.feeds },
        Number.MAX_SAFE_INTEGER,
      );
      await load(store);
      const responses = await runAccuracyQueries(pool, calls.map((_, i) => i));
      calls.forEach((c, i) => c.resolve(picked(responses.get(i) as SutResponse[number], c.outputNames)));
    } catch (e) {
      for (const c of calls) c.reject(e);
    }
  }

  return {
    sessionOptions: executor.sessionOptions,
    host: sutHostOf(executor.info),
    async mapChunk<T, R>(items: readonly T[], fn: (item: T, infer: InferFn) => Promise<R>): Promise<R[]> {
      let active = items.length;
      let waiting: WaitingCall[] = [];
      let running = false;
      // a round starts once every sample still running waits on a model call, and one round at a time
      const maybeRound = (): void => {
        if (running || waiting.length === 0 || waiting.length < active) return;
        const calls = waiting;
        waiting = [];
        running = true;
        void round(calls).finally(() => {
          running = false;
          maybeRound();
        });
      };
      const infer: InferFn = (feeds, outputNames) =>
        new Promise<Outputs>((resolve, reject) => {
          waiting.push({ feeds, outputNames, resolve, reject });
          maybeRound();
        });
      return Promise.all(
        items.map((item) =>
          fn(item, infer).finally(() => {
            active--;
            maybeRound();
          }),
        ),
      );
    },
    dispose: () => executor.dispose(),
  };
}
