/** Messages between a scenario and its instance (a worker thread or a child process); plain structured-clone data. */
import type { PrecisionName } from '@modelbench/core';
import type { BackendOptions, Feeds } from '@modelbench/backends';

export interface InitMessage {
  type: 'init';
  backendId: string;
  modelPath: string;
  /** planned inside the instance with the backend's planPrecision */
  precision: PrecisionName;
  options: Omit<BackendOptions, 'precision'>;
  /** inputs for the largest call; smaller calls use the leading samples of the batch dimension */
  feeds: Feeds;
  /** a model that takes one sample per call: a run of k samples is k consecutive calls on `feeds` as they are */
  sequential?: boolean;
}

export interface RunMessage {
  type: 'run';
  id: number;
  samples: number;
}

export interface CloseMessage {
  type: 'close';
}

export type ToInstance = InitMessage | RunMessage | CloseMessage;

export interface ReadyMessage {
  type: 'ready';
  sessionOptions: Record<string, unknown>;
  precision: string;
  execution: string;
  warnings: string[];
}

export interface DoneMessage {
  type: 'done';
  id: number;
  /** the session's own run time inside the instance, ms */
  modelMs: number;
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

export type FromInstance = ReadyMessage | DoneMessage | ErrorMessage | ClosedMessage;
