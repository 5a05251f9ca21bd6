/**
 * What a scenario drives: an executor is one instance (one session) that runs one call on some samples. The harness
 * builds executors from a workload's feeds (worker-instance.ts for real sessions); tests use fakeExecutorFactory.
 */
import type { Clock } from './clock.ts';
import { FakeClock } from './clock.ts';

export interface InstanceSpec {
  index: number;
  /** intra-op threads of this instance's session */
  threads: number;
  /** logical CPUs this instance is pinned to (undefined: not pinned) */
  cpus?: number[] | undefined;
}

export interface InstanceInfo {
  index: number;
  threads: number;
  kind: 'worker-thread' | 'child-process' | 'in-process' | 'fake';
  /** the CPUs it was pinned to, or null when it was not pinned */
  pinnedCpus: number[] | null;
  /** how pinning was done ('none' when it was not asked for) */
  pinning: 'taskset' | 'none';
}

export interface Executor {
  readonly info: InstanceInfo;
  /** runs one call on these samples (indices into the performance set); resolves when the outputs are ready, with
   * the model's own time in ms where the executor measures it */
  run(sampleIndices: readonly number[]): Promise<number | void>;
  dispose(): Promise<void>;
  /** the session options the runtime got, for the record */
  readonly sessionOptions?: Record<string, unknown>;
  readonly warnings?: string[];
  /** CPU time (ms) this instance spent outside this process (a child process), known after dispose */
  outsideCpuMs?(): number;
}

export type ExecutorFactory = (spec: InstanceSpec) => Promise<Executor>;

/** Service time of one fake call, in ms, from the instance, the samples and the call's number on that instance. */
export type ServiceTimeMs = (instance: number, samples: number, call: number) => number;

/** Executors that take `serviceMs` of fake-clock time per call and compute nothing (the null executor of tests). */
export function fakeExecutorFactory(clock: FakeClock, serviceMs: ServiceTimeMs): ExecutorFactory {
  return async (spec) => {
    let call = 0;
    return {
      info: { index: spec.index, threads: spec.threads, kind: 'fake', pinnedCpus: spec.cpus ?? null, pinning: 'none' },
      run: (samples) => clock.sleep(serviceMs(spec.index, samples.length, call++)),
      dispose: async () => undefined,
    };
  };
}

/** An executor that runs `run` in this thread (for a harness that keeps one in-process session). */
export function inProcessExecutor(spec: InstanceSpec, run: (samples: readonly number[]) => Promise<unknown>, dispose: () => Promise<void> = async () => undefined): Executor {
  return {
    info: { index: spec.index, threads: spec.threads, kind: 'in-process', pinnedCpus: null, pinning: 'none' },
    run: async (samples) => {
      await run(samples);
    },
    dispose,
  };
}

export type { Clock };
