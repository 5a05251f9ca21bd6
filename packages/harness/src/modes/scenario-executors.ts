/**
 * The instances of a scenario run: the session the harness opened (its SessionSpec: backend, model file, options)
 * re-opened in each worker thread (or, pinned, child process) with that instance's threads, fed the workload's
 * prepared feeds. Every executor made is kept, so an interrupt can end them and the record can state the options
 * the runtime got.
 */
import { workerExecutorFactory, type Executor, type ExecutorFactory, type WorkerInstanceConfig } from '@modelbench/loadgen';
import type { Feeds } from '@modelbench/backends';
import type { PrecisionName } from '@modelbench/core';
import type { SessionSpec } from '../session.ts';

/** Builds executors from a config; the default runs real sessions, tests pass loadgen's fakeExecutorFactory. */
export type MakeExecutorFactory = (config: WorkerInstanceConfig) => ExecutorFactory;

export interface InstanceConfigParts {
  spec: SessionSpec;
  precision: PrecisionName;
  /** one call's feeds: `batch` samples along the leading dimension, or one sample for a sequential model */
  feeds: Feeds;
  /** the model takes one sample per call: a call of k samples is k model calls inside the instance */
  sequential: boolean;
  tasksetPath?: string | undefined;
}

/** The worker's config from the harness's session: its options less threads (per instance), precision (re-planned
 * inside from the same name, as planSession did) and profiling (scenarios do not profile). */
export function instanceConfig(p: InstanceConfigParts): WorkerInstanceConfig {
  const { threads: _t, precision: _p, profilePrefix: _f, ...options } = p.spec.options;
  return {
    backendId: p.spec.backendId,
    modelPath: p.spec.artifact.path,
    precision: p.precision,
    options,
    feeds: p.feeds,
    ...(p.sequential ? { sequential: true } : {}),
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

export const realExecutorFactory: MakeExecutorFactory = workerExecutorFactory;
