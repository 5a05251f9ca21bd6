/**
 * What a scenario drives: an executor is one instance of the system under test that runs one call on some samples
 * (indices into the performance sample set). The SUT is the caller's: loadgen only issues calls and receives their
 * completions. worker-instance.ts hosts a SUT module (`SutModule`) in a worker thread or pinned child process; tests
 * use fakeExecutorFactory.
 */
import type { MessagePort } from 'node:worker_threads';
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

/** What a call reports back: the model's own time, and when its outputs were ready where the instance stamped it. */
export interface CallTiming {
  modelMs: number;
  /** process.hrtime in ms (realClock's clock), stamped inside the instance as the call finished */
  doneAtMs?: number;
  /** the SUT's response to the call (opaque to loadgen), only where the call asked for it */
  response?: unknown;
}

/** How a call is run: `respond` asks for the SUT's response (accuracy runs); performance runs never set it. */
export interface RunOptions {
  respond?: boolean;
}

export interface Executor {
  readonly info: InstanceInfo;
  /** runs one call on these samples (indices into the performance set); resolves when the outputs are ready, with
   * the model's own time in ms (or a CallTiming) where the executor measures it */
  run(sampleIndices: readonly number[], options?: RunOptions): Promise<number | void | CallTiming>;
  /** hands the SUT a new set of loaded samples (opaque; the SUT module's own shape), for the calls after it */
  load?(samples: unknown): Promise<void>;
  dispose(): Promise<void>;
  /** the session options the runtime got, for the record */
  readonly sessionOptions?: Record<string, unknown>;
  readonly warnings?: string[];
  /** CPU time (ms) this instance spent outside this process (a child process), known after dispose */
  outsideCpuMs?(): number;
  /** a new MessagePort wired straight to this instance (worker threads only): `run` messages posted on it are
   * answered on it with `done` stamped inside the instance; the issuer thread (issuer-thread.ts) takes it */
  openPort?(): MessagePort;
  /** asks the instance to poll for its next call instead of sleeping until `untilMs` (process.hrtime ms), so it is
   * awake when a query due then arrives (an idle thread on a halted CPU may take milliseconds to wake); best effort */
  standby?(untilMs: number): void;
  /** true where a call handed over while another runs waits its turn inside the instance (a worker host runs its
   * calls in order, one at a time): the pool may then hand it the next call early (offline, instance-pool.ts) */
  readonly queues?: boolean;
}

export type ExecutorFactory = (spec: InstanceSpec) => Promise<Executor>;

/** One SUT instance, as its module builds it inside a worker thread or child process. */
export interface SutInstance {
  /** runs one call on these sample indices; resolves with the model's own time, ms, and — asked with `respond` —
   * the call's response (one per sample, in their order) */
  run(sampleIndices: readonly number[], respond?: boolean): Promise<number | { modelMs: number; response: unknown }>;
  /** replaces the loaded samples the calls index into (LoadSamplesToRam); a SUT without it takes no `load` */
  load?(samples: unknown): Promise<void>;
  close(): Promise<void>;
  sessionOptions?: Record<string, unknown>;
  warnings?: string[];
}

/** What a SUT module (the `entry` of workerExecutorFactory) exports. */
export interface SutModule {
  createInstance(payload: unknown, spec: InstanceSpec): Promise<SutInstance>;
}

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

/**
 * A SUT instance hosted in this thread: the same module interface (SutInstance) a worker host runs, called directly.
 * For a harness whose SUT runs on a session it already holds (validate), or on a backend a worker cannot build.
 */
export function inThreadExecutor(spec: InstanceSpec, sut: SutInstance): Executor {
  return {
    info: { index: spec.index, threads: spec.threads, kind: 'in-process', pinnedCpus: null, pinning: 'none' },
    ...(sut.sessionOptions ? { sessionOptions: sut.sessionOptions } : {}),
    ...(sut.warnings ? { warnings: sut.warnings } : {}),
    run: async (samples, options) => {
      const r = await sut.run(samples, options?.respond === true);
      return typeof r === 'number' ? { modelMs: r } : r;
    },
    ...(sut.load ? { load: (samples: unknown) => sut.load!(samples) } : {}),
    dispose: () => sut.close(),
  };
}

export type { Clock };
