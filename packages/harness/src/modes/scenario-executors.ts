/**
 * The instances of a scenario run: the system under test (sut-instance.ts) in each worker thread (or, pinned, child
 * process), each opening the harness's session (its SessionSpec: backend, model file, options) with that
 * instance's threads and reading the shared performance sample set. Loadgen only hosts it and sends it calls of
 * sample indices. Every executor made is kept, so an interrupt can end them and the record can state the options
 * the runtime got.
 */
import { workerExecutorFactory, type Executor, type ExecutorFactory, type WorkerInstanceConfig } from '@modelbench/loadgen';
import type { PrecisionName } from '@modelbench/core';
import type { Feeds } from '@modelbench/backends';
import { storeFromCallFeeds, type SampleStore } from '../sample-set.ts';
import type { SessionSpec } from '../session.ts';
import type { SutPayload } from '../sut-instance.ts';

/** The SUT module loadgen's instance host imports in each instance. */
export const SUT_ENTRY = new URL('../sut-instance.ts', import.meta.url).href;

/** What an instance is started with: the SUT module and its payload. */
export interface SutConfig extends WorkerInstanceConfig {
  payload: SutPayload;
}

/** Builds executors from a config; the default runs real sessions, tests pass loadgen's fakeExecutorFactory. */
export type MakeExecutorFactory = (config: SutConfig) => ExecutorFactory;

export interface InstanceConfigParts {
  spec: SessionSpec;
  precision: PrecisionName;
  /** the loaded performance sample set (sample-set.ts) */
  store?: SampleStore | undefined;
  /** instead of a store: one call's feeds, timed as one sample repeated (what scenarios did before the sample set) */
  feeds?: Feeds | undefined;
  /** the model takes one sample per call: a call of k samples is k model calls inside the instance */
  sequential: boolean;
  outputNames?: readonly string[] | undefined;
  tasksetPath?: string | undefined;
}

/** The SUT's config from the harness's session: its options less threads (per instance), precision (re-planned
 * inside from the same name, as planSession did) and profiling (scenarios do not profile). */
export function instanceConfig(p: InstanceConfigParts): SutConfig {
  const { threads: _t, precision: _p, profilePrefix: _f, ...options } = p.spec.options;
  if (!p.store && !p.feeds) throw new RangeError('instanceConfig needs the sample store (or one call\'s feeds)');
  return {
    entry: SUT_ENTRY,
    payload: { backendId: p.spec.backendId, modelPath: p.spec.artifact.path, precision: p.precision, options, store: p.store ?? storeFromCallFeeds(p.feeds!, p.sequential), sequential: p.sequential, ...(p.outputNames ? { outputNames: [...p.outputNames] } : {}) },
    ...(p.tasksetPath ? { tasksetPath: p.tasksetPath } : {}),
  };
}

/** A factory whose executors are remembered: `endAll` disposes every one (at most `graceMs` each, then moves on). */
export class TrackedExecutors {
  readonly made: Executor[] = [];

  constructor(private readonly inner: ExecutorFactory) {}

  readonly factory: ExecutorFactory = async (spec) => {
    const e = await this.inner(spec);
    this.made.push(e);
    return e;
  };

  /** the first instance's session options (what the runtime got), for the record */
  sessionOptions(): Record<string, unknown> | undefined {
    return this.made[0]?.sessionOptions;
  }

  async endAll(graceMs = 1000): Promise<void> {
    await Promise.allSettled(this.made.map((e) => Promise.race([e.dispose(), new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref())])));
  }
}

export const realExecutorFactory: MakeExecutorFactory = (config) => workerExecutorFactory(config);
