/**
 * Messages between a scenario and one instance of the system under test (a worker thread or a child process); plain
 * structured-clone data. Loadgen knows nothing of what the instance runs: `init` names the SUT's module and hands it
 * an opaque payload; `run` carries the sample indices of one call; `done` carries the SUT's own model time and the
 * moment the call's outputs were ready, stamped inside the instance on the process-wide monotonic clock, and — only
 * when the call asked for it (accuracy runs) — the SUT's response, opaque to loadgen. `load` hands the SUT a new set
 * of loaded samples (MLPerf's LoadSamplesToRam), answered by `loaded`.
 */
import type { MessagePort } from 'node:worker_threads';

export interface InitMessage {
  type: 'init';
  /** file URL of the SUT module; it exports `createInstance(payload, spec)` (see worker-entry.ts) */
  entry: string;
  /** whatever that module needs (model, session options, its sample store); structured-clone data */
  payload: unknown;
  /** this instance's spec (index, threads, cpus) */
  spec: { index: number; threads: number; cpus?: number[] | undefined };
}

export interface RunMessage {
  type: 'run';
  id: number;
  /** indices into the performance sample set, in the order of the call's rows */
  samples: number[];
  /** true: answer with the SUT's response (its outputs) in `done`; absent in performance runs, which never pay for it */
  respond?: true;
}

/** A new set of loaded samples for the SUT (opaque: the SUT module's own shape); the calls after it index into it. */
export interface LoadMessage {
  type: 'load';
  id: number;
  payload: unknown;
}

export interface CloseMessage {
  type: 'close';
}

/** A port straight to this instance (its other end goes to the issuer thread): `run` posted on it is answered on it,
 * in turn with the instance's other calls. */
export interface AttachMessage {
  type: 'attach';
  port: MessagePort;
}

/** On an attached port (from the issuer): an Int32Array over a SharedArrayBuffer that the instance increments and
 * `Atomics.notify`s after posting each reply on that port. */
export interface BellMessage {
  type: 'bell';
  bell: Int32Array;
}

/** On an attached port (from the issuer): poll this port for the next call until `untilMs` (process.hrtime, ms)
 * instead of sleeping, because a query is due about then and nothing else is running. */
export interface StandbyMessage {
  type: 'standby';
  untilMs: number;
}

export type ToInstance = InitMessage | RunMessage | LoadMessage | CloseMessage | AttachMessage;

export interface ReadyMessage {
  type: 'ready';
  sessionOptions: Record<string, unknown>;
  warnings: string[];
}

export interface DoneMessage {
  type: 'done';
  id: number;
  /** the SUT's own model time inside the instance, ms */
  modelMs: number;
  /** when the outputs were ready: process.hrtime in ms (the same clock in every thread of a process) */
  doneAtMs: number;
  /** the SUT's response (one per sample of the call, in their order), only where the `run` asked for it */
  response?: unknown;
}

/** The `load` of this id is in place. */
export interface LoadedMessage {
  type: 'loaded';
  id: number;
}

export interface ErrorMessage {
  type: 'error';
  id?: number;
  code: string;
  message: string;
  hint?: string;
}

export interface ClosedMessage {
  type: 'closed';
  /** the instance's CPU time (user + system), ms — a child process's is not in the parent's own */
  cpuMs: number;
}

export type FromInstance = ReadyMessage | DoneMessage | LoadedMessage | ErrorMessage | ClosedMessage;
