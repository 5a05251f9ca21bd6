/**
 * The issuer thread, from the main thread's side. In single-stream, multi-stream and server runs on the real clock
 * with worker-thread instances, a dedicated worker thread issues every query (as MLPerf LoadGen issues from its own
 * thread): it gets one MessagePort per instance wired straight to that instance's SUT worker, so a query goes
 * issuer → instance and its completion — stamped inside the instance on process.hrtime, which every thread of the
 * process shares — comes back instance → issuer. The main thread only waits for the trace: nothing it does (the
 * record, /proc reads, GC of its heap) can take an issue's turn. Elsewhere the scheduler runs on the main thread:
 * offline (one query queued at the start), an injected clock (the fake-clock tests), child-process instances
 * (pinned: no MessagePort reaches another process), or when asked (`issuer: 'main'`, for the bench's comparison).
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BenchError, type ErrorCode } from '@modelbench/core';
import { realClock, type Clock } from './clock.ts';
import type { Executor } from './executor.ts';
import type { InstancePool } from './instance-pool.ts';
import type { FromIssuer, IssuerKind, IssuerRunMessage, PoolFigures, ToIssuer } from './issuer-protocol.ts';
import type { ScenarioTrace, ServerOptions } from './scheduler.ts';
import type { ScenarioSettings } from './settings.ts';

export type { IssuerKind, PoolFigures } from './issuer-protocol.ts';

/** What a caller asks for: `auto` takes the thread wherever it can run. */
export type IssuerAsk = IssuerKind | 'auto';

export interface IssuerChoice {
  kind: IssuerKind;
  /** why the queries are issued there, for the record */
  why: string;
}

/** Whether the issuer thread may be wanted before the instances exist (so it can start while they do). */
export function mayIssueFromThread(p: { scenario: ScenarioSettings['scenario']; clock: Clock; ask: IssuerAsk }): boolean {
  return p.scenario !== 'offline' && p.ask !== 'main' && p.clock === realClock;
}

/** Where a run's queries are issued; `thread` asked for where it cannot run is a usage error. */
export function chooseIssuer(p: { scenario: ScenarioSettings['scenario']; executors: readonly Pick<Executor, 'openPort' | 'info'>[]; clock: Clock; ask: IssuerAsk }): IssuerChoice {
  if (p.scenario === 'offline') return { kind: 'main', why: 'offline: every sample is queued at the start, nothing is due later' };
  if (p.ask === 'main') return { kind: 'main', why: 'asked for (issuer main)' };
  let cannot: string | undefined;
  if (p.clock !== realClock) cannot = 'the clock is an injected one (not the real monotonic clock)';
  else {
    const far = p.executors.find((e) => e.openPort === undefined);
    if (far) cannot = `instance ${far.info.index} is ${far.info.kind === 'child-process' ? 'a child process (pinned): no MessagePort reaches another process' : `${far.info.kind}: it has no port for another thread`}`;
  }
  if (cannot === undefined) return { kind: 'thread', why: 'a dedicated worker thread issues on the real clock; completions reach it straight from the instances' };
  if (p.ask === 'thread') throw new BenchError('USAGE', `the issuer thread cannot run here: ${cannot}`, { hint: 'drop --pin (worker-thread instances), or issue from the main thread (issuer main)' });
  return { kind: 'main', why: cannot };
}

/** InstancePool's figure accessors over the issuer's figures, so the record is built the same way from either. */
export function figuresView(f: PoolFigures): Pick<InstancePool, 'instanceStats' | 'queueStats' | 'callOverhead'> {
  return { instanceStats: () => f.instanceStats.map((s) => ({ ...s })), queueStats: () => ({ ...f.queueStats }), callOverhead: () => f.callOverhead };
}

/** registers tsx in the new thread, then imports issuer-entry.ts */
const BOOTSTRAP = fileURLToPath(new URL('./worker-bootstrap.mjs', import.meta.url));

export interface IssuedRun {
  trace: ScenarioTrace;
  figures: PoolFigures;
}

export class IssuerThread {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (r: IssuedRun) => void; reject: (e: unknown) => void }>();
  private dead: string | undefined;
  private attached = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromIssuer) => this.onMessage(m));
    worker.on('error', (e) => this.fail(`the issuer thread failed: ${e.message}`));
    worker.on('exit', (code) => this.fail(`the issuer thread exited with code ${code}`));
  }

  /** starts the thread (loading its modules takes a while: start it while the instances start) */
  static spawn(): IssuerThread {
    return new IssuerThread(new Worker(BOOTSTRAP, { workerData: { role: 'issuer' }, execArgv: [] }));
  }

  /** starts the thread and hands it a port to every instance (each must have openPort) */
  static async open(executors: readonly Executor[]): Promise<IssuerThread> {
    const t = IssuerThread.spawn();
    await t.attach(executors);
    return t;
  }

  /** hands the thread a port to every instance (each must have openPort); resolves once it holds them */
  async attach(executors: readonly Executor[]): Promise<void> {
    if (this.dead !== undefined) throw new BenchError('INFERENCE_FAILED', this.dead);
    const started = new Promise<void>((resolve, reject) => {
      this.waiting.set(-1, { resolve: () => resolve(), reject });
    });
    const ports = executors.map((e) => e.openPort!());
    const start: ToIssuer = { type: 'start', ports, infos: executors.map((e) => ({ ...e.info })) };
    this.worker.postMessage(start, ports);
    this.attached = true;
    try {
      await started;
    } catch (e) {
      await this.worker.terminate();
      throw e;
    }
  }

  /** runs the closed loop (single/multi-stream) or the Poisson schedule (server) in the issuer thread */
  run(kind: IssuerRunMessage['kind'], settings: ScenarioSettings, server?: ServerOptions): Promise<IssuedRun> {
    if (this.dead !== undefined) return Promise.reject(new BenchError('INFERENCE_FAILED', this.dead));
    const id = this.next++;
    return new Promise<IssuedRun>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const m: ToIssuer = { type: 'run', id, kind, settings, ...(server ? { server } : {}) };
      this.worker.postMessage(m);
    });
  }

  async close(): Promise<void> {
    if (this.dead !== undefined) return;
    this.dead = 'the issuer thread was closed';
    if (!this.attached) {
      // never given a run: nothing to close gracefully (it may still be loading)
      await this.worker.terminate();
      return;
    }
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'close' } satisfies ToIssuer);
    await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
    await this.worker.terminate();
  }

  private onMessage(m: FromIssuer): void {
    if (m.type === 'started') {
      this.waiting.get(-1)?.resolve(undefined as never);
      this.waiting.delete(-1);
      return;
    }
    const id = m.id ?? -1;
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    if (m.type === 'result') w?.resolve({ trace: m.trace, figures: m.figures });
    else w?.reject(new BenchError(m.code as ErrorCode, m.message, m.hint ? { hint: m.hint } : {}));
  }

  private fail(why: string): void {
    if (this.dead === undefined) this.dead = why;
    for (const w of this.waiting.values()) w.reject(new BenchError('INFERENCE_FAILED', why));
    this.waiting.clear();
  }
}
