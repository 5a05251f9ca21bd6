/**
 * Messages between a scenario (the main thread) and its issuer thread (issuer-entry.ts). The main thread hands the
 * issuer one MessagePort per instance, each wired straight to that instance's SUT worker (worker-entry.ts), then asks
 * for runs; the issuer issues every query itself on the real clock and answers with the run's trace and the pool's
 * figures. Plain structured-clone data (the ports travel in the transfer list).
 */
import type { MessagePort } from 'node:worker_threads';
import type { InstanceInfo } from './executor.ts';
import type { InstanceStats, QueueStats, TimeSpread } from './instance-pool.ts';
import type { ScenarioTrace, ServerOptions } from './scheduler.ts';
import type { ScenarioSettings } from './settings.ts';

/** Where a scenario's queries were issued: a dedicated worker thread, or the main thread's event loop. */
export type IssuerKind = 'thread' | 'main';

export interface IssuerStartMessage {
  type: 'start';
  ports: MessagePort[];
  infos: InstanceInfo[];
}

export interface IssuerRunMessage {
  type: 'run';
  id: number;
  /** single/multi-stream: the closed loop; server: the Poisson schedule */
  kind: 'streams' | 'server';
  settings: ScenarioSettings;
  server?: ServerOptions;
}

export interface IssuerCloseMessage {
  type: 'close';
}

export type ToIssuer = IssuerStartMessage | IssuerRunMessage | IssuerCloseMessage;

/** The figures of the issuer's instance pool after a run (InstancePool's accessors, as data). */
export interface PoolFigures {
  instanceStats: InstanceStats[];
  queueStats: QueueStats;
  callOverhead: TimeSpread | null;
}

export type FromIssuer =
  | { type: 'started' }
  | { type: 'result'; id: number; trace: ScenarioTrace; figures: PoolFigures }
  | { type: 'error'; id?: number; code: string; message: string; hint?: string };
