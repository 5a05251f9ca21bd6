/**
 * N instances fed from one FIFO queue. Work items (a query, or a batch of a query's samples) wait in the queue until
 * an instance is free; each instance runs one item at a time. With `callsInFlight` 2 (offline) an instance is also
 * handed its next item while it runs one, so it starts it the moment its reply is posted, with no round trip between
 * (its host runs calls in order, one at a time). The pool keeps the accounting the record needs: items
 * submitted, started, completed, cancelled, the deepest the queue got, and per instance calls, samples and busy time.
 */
import type { Clock } from './clock.ts';
import type { Executor, InstanceInfo } from './executor.ts';
import { loadgenPercentile } from './percentiles.ts';

export interface WorkItem {
  queryId: number;
  samples: readonly number[];
  /** ask the SUT for its response (accuracy runs, accuracy-run.ts); performance items never set it */
  respond?: true;
}

/** `response`: the SUT's answer to an item that asked for it (opaque to loadgen), else undefined */
export type DoneCallback = (doneMs: number, instance: number, response?: unknown) => void;

export interface InstanceStats extends InstanceInfo {
  calls: number;
  samples: number;
  /** time from handing a call to the instance until its result was back, summed (ms) */
  busyMs: number;
  /** the model's own time inside those calls, where the executor reports it (ms), and over how many calls */
  modelMs: number;
  modelCalls: number;
}

/** Mean, p99 (loadgen's sorted[floor(0.99 n)]) and max of some times, ms; null without any. */
export interface TimeSpread {
  meanMs: number;
  p99Ms: number;
  maxMs: number;
  count: number;
}

export function timeSpread(xs: readonly number[]): TimeSpread | null {
  if (xs.length === 0) return null;
  let max = -Infinity;
  for (const x of xs) if (x > max) max = x;
  return { meanMs: xs.reduce((a, b) => a + b, 0) / xs.length, p99Ms: loadgenPercentile(xs, 0.99), maxMs: max, count: xs.length };
}

export interface QueueStats {
  submitted: number;
  started: number;
  completed: number;
  cancelled: number;
  maxDepth: number;
}

interface Pending {
  item: WorkItem;
  done: DoneCallback;
}

export class InstancePool {
  private readonly queue: Pending[] = [];
  private head = 0;
  /** instances with no call in flight, in the order they became free */
  private readonly idle: number[];
  private readonly inFlight: number[];
  /** each instance's last completion (its own stamp): a call handed over before it starts no earlier */
  private readonly lastDoneMs: number[];
  private readonly perInstance: InstanceStats[];
  private readonly counts: QueueStats = { submitted: 0, started: 0, completed: 0, cancelled: 0, maxDepth: 0 };
  private failure: unknown;
  private drainWaiters: (() => void)[] = [];
  /** per call whose model time is known: (handed over → outputs ready) − model time, ms */
  private readonly overheads: number[] = [];
  private rejectFailed: (e: unknown) => void = () => undefined;
  /** rejects with the first executor error; never resolves (race it against a query's completion) */
  readonly failed: Promise<never>;

  constructor(
    private readonly executors: readonly Executor[],
    private readonly clock: Clock,
    /** calls one instance may hold at once: 1, or 2 where nothing is due later (offline: its next call waits there);
     * 2 applies only to executors that queue their calls (Executor.queues), others run one call at a time */
    private readonly callsInFlight: 1 | 2 = 1,
  ) {
    if (executors.length === 0) throw new RangeError('an instance pool needs at least one executor');
    this.idle = executors.map((_, i) => i);
    this.inFlight = executors.map(() => 0);
    this.lastDoneMs = executors.map(() => Number.NEGATIVE_INFINITY);
    this.perInstance = executors.map((e) => ({ ...e.info, calls: 0, samples: 0, busyMs: 0, modelMs: 0, modelCalls: 0 }));
    this.failed = new Promise<never>((_, reject) => {
      this.rejectFailed = reject;
    });
    this.failed.catch(() => undefined);
  }

  get depth(): number {
    return this.queue.length - this.head;
  }

  /** asks every idle instance to stand by (poll for its next call) until `untilMs`, where its executor can */
  standbyIdle(untilMs: number): void {
    for (const i of this.idle) this.executors[i]!.standby?.(untilMs);
  }

  get busy(): number {
    return this.executors.length - this.idle.length;
  }

  /** the first error an executor threw, if any (the pool stops starting work after it) */
  get error(): unknown {
    return this.failure;
  }

  submit(item: WorkItem, done: DoneCallback): void {
    this.counts.submitted++;
    this.queue.push({ item, done });
    this.counts.maxDepth = Math.max(this.counts.maxDepth, this.depth);
    this.dispatch();
  }

  /** drops every item still waiting in the queue; returns how many */
  cancelPending(): number {
    const n = this.depth;
    this.counts.cancelled += n;
    this.queue.length = 0;
    this.head = 0;
    this.notifyIfDrained();
    return n;
  }

  /** resolves when nothing is queued or running; rejects with an executor's error */
  async drain(): Promise<void> {
    if (this.depth > 0 || this.busy > 0) await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    if (this.failure !== undefined) throw this.failure;
  }

  instanceStats(): InstanceStats[] {
    return this.perInstance.map((s) => ({ ...s }));
  }

  queueStats(): QueueStats {
    return { ...this.counts };
  }

  /** per-call overhead: (handed to the instance → outputs ready) − the model's own time; null without model times */
  callOverhead(): TimeSpread | null {
    return timeSpread(this.overheads);
  }

  /** an instance with room for one more call: an idle one first, else (two in flight allowed) the first running one */
  private nextInstance(): number | undefined {
    if (this.idle.length > 0) return this.idle.shift()!;
    if (this.callsInFlight === 1) return undefined;
    const k = this.inFlight.findIndex((n, i) => n < this.callsInFlight && this.executors[i]!.queues === true);
    return k < 0 ? undefined : k;
  }

  private dispatch(): void {
    while (this.failure === undefined && this.depth > 0) {
      const instance = this.nextInstance();
      if (instance === undefined) break;
      const next = this.queue[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      void this.runOn(instance, next);
    }
  }

  private async runOn(instance: number, pending: Pending): Promise<void> {
    this.counts.started++;
    this.inFlight[instance]!++;
    const stats = this.perInstance[instance]!;
    const handedMs = this.clock.nowMs();
    let modelMs: number | undefined;
    let stampedMs: number | undefined;
    let response: unknown;
    try {
      const executor = this.executors[instance]!;
      const r = pending.item.respond ? await executor.run(pending.item.samples, { respond: true }) : await executor.run(pending.item.samples);
      if (typeof r === 'object') response = r.response;
      modelMs = typeof r === 'number' ? r : r?.modelMs;
      // the instance's own stamp of when the outputs were ready, where it is on this clock: the time this thread
      // took to notice the completion is not charged to the call
      if (typeof r === 'object' && r.doneAtMs !== undefined && this.clock.hrtime) stampedMs = r.doneAtMs;
      if (modelMs !== undefined) {
        stats.modelMs += modelMs;
        stats.modelCalls++;
      }
    } catch (e) {
      if (this.failure === undefined) {
        this.failure = e;
        this.rejectFailed(e);
      }
      this.cancelPending();
    }
    const now = this.clock.nowMs();
    const t1 = stampedMs !== undefined && stampedMs >= handedMs && stampedMs <= now ? stampedMs : now;
    // a call handed over while its instance still ran the one before starts when that one was done
    const t0 = Math.min(t1, Math.max(handedMs, this.lastDoneMs[instance]!));
    this.lastDoneMs[instance] = t1;
    if (modelMs !== undefined) this.overheads.push(t1 - t0 - modelMs);
    stats.calls++;
    stats.samples += pending.item.samples.length;
    stats.busyMs += t1 - t0;
    if (this.failure === undefined) {
      this.counts.completed++;
      pending.done(t1, instance, response);
    }
    if (--this.inFlight[instance]! === 0) this.idle.push(instance);
    this.dispatch();
    this.notifyIfDrained();
  }

  private notifyIfDrained(): void {
    if (this.depth > 0 || this.busy > 0) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }
}
