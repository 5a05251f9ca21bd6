/**
 * Issuing queries, per scenario, against an instance pool and a clock (real or fake). Latency is measured from when a
 * query was due — its scheduled time — to when its last sample is done, as loadgen measures it; a server that falls
 * behind therefore pays for its queue.
 * - single-stream / multi-stream: the next query is issued when the previous one completes (closed loop);
 * - server: queries are due at a seeded Poisson schedule and issued at those times whatever is still running;
 * - offline: every sample is queued at the start.
 */
import { poissonSchedule, sampleStream, type SampleIndexStream } from './arrivals.ts';
import { priorityForRun, SPIN_MS, type Clock } from './clock.ts';
import { timeSpread, type InstancePool, type TimeSpread } from './instance-pool.ts';
import { rmeDecision, RunningRme } from './rme.ts';
import type { ScenarioSettings } from './settings.ts';

/** Server: how long before a due time the issuer's precise wait starts while nothing is queued, ms (a timer's
 * wake-up comes milliseconds late now and then on a busy machine; the futex wait's does not). */
export const SERVER_IDLE_PRECISE_MS = 4;

/** Server, the issuer thread's clock: how long before a due time it busy-waits while no call is in flight, ms (an idle
 * CPU is halted, and a halted virtual CPU now and then wakes milliseconds late for a timeout). */
export const SERVER_IDLE_SPIN_MS = 3;

/** Server: an idle instance asked to stand by polls until this long after the due time, ms. */
export const STANDBY_AFTER_DUE_MS = 1;

export type StopReason = 'minimums-met' | 'max-duration' | 'target-rme-reached' | 'rme-budget-spent' | 'schedule-done' | 'bound-certainly-missed' | 'all-samples-done';

/**
 * LoadGen's sample order (arrivals.ts: the performance set shuffled with qsl_rng_seed, each query's indices drawn
 * with std::mt19937 from sample_index_rng_seed), for these settings; nothing else draws sample indices.
 */
export function sampleOrder(s: ScenarioSettings): SampleIndexStream {
  return sampleStream({ scenario: s.scenario, sampleCount: s.sampleCount, samplesPerQuery: s.samplesPerQuery, minQueries: s.minQueries, seeds: s.seeds });
}

/** What happened, per query, in ms from the start of the timed phase (plain arrays, ready for JSON). */
export interface ScenarioTrace {
  /** when each query was due (server: its arrival; single/multi-stream: when the previous query completed) */
  scheduledMs: number[];
  /** when it was handed to the pool */
  issuedMs: number[];
  /** due → last sample done */
  latencyMs: number[];
  /** samples per query */
  samplesPerQuery: number;
  /** the performance-set sample indices of each query (offline: the one query's every sample) */
  sampleIndices: number[][];
  /** offline: when each sample completed */
  sampleDoneMs?: number[];
  /** multi-stream: each query's samples' latencies (due → the call that ran the sample done), in the query's order */
  sampleLatencyMs?: number[][];
  /** the last completion (ms from the start) */
  endMs: number;
  stopReason: StopReason;
  /** server queries never run (an aborted probe, the max duration reached) */
  cancelledQueries: number;
  /** the issuing thread's priority while timed (real clocks only): raised, or why not */
  issuePriority?: string;
  /** percent is null below two latencies (no margin of error yet) */
  rme?: { targetPercent: number; reached: boolean; percent: number | null };
}

/** How late queries were issued (issued − due) over a trace: mean, p99, max; null for offline (one query at 0). */
export function issueLateness(trace: Pick<ScenarioTrace, 'scheduledMs' | 'issuedMs'>): TimeSpread | null {
  return timeSpread(trace.issuedMs.map((t, i) => t - trace.scheduledMs[i]!));
}

/** Splits a query's samples into calls of at most `batch` samples. */
export function splitIntoCalls(samples: readonly number[], batch: number): number[][] {
  const calls: number[][] = [];
  for (let i = 0; i < samples.length; i += batch) calls.push(samples.slice(i, i + batch));
  return calls;
}

/** Submits one query's calls; resolves with the time its last call completed and each sample's (absolute clock ms). */
function issueQuery(pool: InstancePool, queryId: number, samples: readonly number[], batch: number): Promise<{ doneMs: number; sampleDoneMs: number[] }> {
  const calls = splitIntoCalls(samples, batch);
  let left = calls.length;
  let lastDone = -Infinity;
  const sampleDoneMs = new Array<number>(samples.length);
  const done = new Promise<{ doneMs: number; sampleDoneMs: number[] }>((resolve) => {
    calls.forEach((c, k) => {
      pool.submit({ queryId, samples: c }, (doneMs) => {
        lastDone = Math.max(lastDone, doneMs);
        sampleDoneMs.fill(doneMs, k * batch, k * batch + c.length);
        if (--left === 0) resolve({ doneMs: lastDone, sampleDoneMs });
      });
    });
  });
  return Promise.race([done, pool.failed]);
}

/** Runs `issue` with the issuing thread's priority raised where the clock is the real one (clock.ts). */
async function atIssuePriority(clock: Clock, issue: () => Promise<ScenarioTrace>): Promise<ScenarioTrace> {
  if (!clock.hrtime) return issue();
  const p = priorityForRun();
  try {
    const trace = await issue();
    trace.issuePriority = p.note;
    return trace;
  } finally {
    p.restore();
  }
}

export function runStreams(s: ScenarioSettings, pool: InstancePool, clock: Clock): Promise<ScenarioTrace> {
  return atIssuePriority(clock, () => streams(s, pool, clock));
}

async function streams(s: ScenarioSettings, pool: InstancePool, clock: Clock): Promise<ScenarioTrace> {
  const order = sampleOrder(s);
  const trace: ScenarioTrace = { scheduledMs: [], issuedMs: [], latencyMs: [], samplesPerQuery: s.samplesPerQuery, sampleIndices: [], endMs: 0, stopReason: 'minimums-met', cancelledQueries: 0 };
  const running = new RunningRme();
  const start = clock.nowMs();
  // each query is due when the previous one completed (the first at the start): latency runs from then, so the
  // issuing thread's turnaround is charged as loadgen charges it; the next query's samples are drawn beforehand
  let due = 0;
  let samples = order.next();
  for (let id = 0; ; id++) {
    const issued = clock.nowMs() - start;
    const pending = issueQuery(pool, id, samples, s.batch);
    trace.sampleIndices.push(samples);
    samples = order.next();
    const { doneMs: doneAbs, sampleDoneMs } = await pending;
    const latency = doneAbs - (start + due);
    // LoadGen's sample latencies: each sample's own completion − the query's scheduled time
    if (s.scenario === 'multi-stream') (trace.sampleLatencyMs ??= []).push(sampleDoneMs.map((t) => t - (start + due)));
    trace.scheduledMs.push(due);
    trace.issuedMs.push(issued);
    trace.latencyMs.push(latency);
    due = doneAbs - start;
    running.push(latency);
    trace.endMs = doneAbs - start;
    const elapsed = clock.nowMs() - start;
    if (s.targetRmePercent !== undefined) {
      const d = rmeDecision(running.count, running.percent, elapsed, { targetPercent: s.targetRmePercent, minQueries: s.minQueries, budgetMs: s.maxDurationMs ?? Number.POSITIVE_INFINITY });
      if (d.stop && (d.reached ? issued >= s.minDurationMs : true)) {
        trace.stopReason = d.reached ? 'target-rme-reached' : 'rme-budget-spent';
        trace.rme = { targetPercent: s.targetRmePercent, reached: d.reached, percent: Number.isFinite(d.rmePercent) ? d.rmePercent : null };
        break;
      }
    } else {
      // loadgen: min duration counts to the last query's issue time
      if (issued >= s.minDurationMs && trace.latencyMs.length >= s.minQueries) break;
      if ((s.maxDurationMs !== null && elapsed >= s.maxDurationMs) || (s.maxQueryCount > 0 && trace.latencyMs.length >= s.maxQueryCount)) {
        trace.stopReason = 'max-duration';
        break;
      }
    }
  }
  return trace;
}

export interface ServerOptions {
  targetQps: number;
  /** stop early once the p99 can no longer meet the bound (find-peak probes); the verdict is then already known */
  abortWhenBoundMissed?: boolean;
}

/** Over-latency queries a run of n may have and still keep loadgen's p99 (sorted[floor(0.99 n)]) within the bound. */
export function overLatencyAllowed(n: number, percentile: number): number {
  return n - Math.floor(n * percentile) - 1;
}

export function runServer(s: ScenarioSettings, pool: InstancePool, clock: Clock, o: ServerOptions): Promise<ScenarioTrace> {
  return atIssuePriority(clock, () => server(s, pool, clock, o));
}

async function server(s: ScenarioSettings, pool: InstancePool, clock: Clock, o: ServerOptions): Promise<ScenarioTrace> {
  const bound = s.latencyBoundMs!;
  const byDuration = s.maxDurationMs === null ? Number.POSITIVE_INFINITY : Math.ceil((o.targetQps * s.maxDurationMs) / 1000) + 1;
  const maxQueries = Math.min(byDuration, s.maxQueryCount > 0 ? s.maxQueryCount : Number.POSITIVE_INFINITY);
  const schedule = poissonSchedule({ targetQps: o.targetQps, minDurationMs: s.minDurationMs, minQueries: s.minQueries, scheduleRngSeed: s.seeds.scheduleRngSeed, maxQueries: Number.isFinite(maxQueries) ? maxQueries : undefined });
  const order = sampleOrder(s);
  const picks = schedule.map(() => order.next());
  const issued = new Array<number>(schedule.length).fill(Number.NaN);
  const latency = new Array<number>(schedule.length).fill(Number.NaN);
  const allowed = overLatencyAllowed(schedule.length, s.percentile);
  let over = 0;
  let stop: StopReason = 'schedule-done';
  let endMs = 0;
  const start = clock.nowMs();
  for (let i = 0; i < schedule.length; i++) {
    // completions that have arrived are handled first (they free the instance a queued query waits for); then, with
    // nothing queued, no query waits on a completion, so the issuer may hold its thread for a longer precise wait
    await clock.sleepUntil(start + schedule[i]!, { turnFirst: true, preciseMs: () => (pool.depth === 0 ? SERVER_IDLE_PRECISE_MS : SPIN_MS), spinMs: () => (pool.busy === 0 ? SERVER_IDLE_SPIN_MS : 0), onSpin: () => pool.standbyIdle(start + schedule[i]! + STANDBY_AFTER_DUE_MS) });
    if (pool.error !== undefined || stop !== 'schedule-done') break;
    if (s.maxDurationMs !== null && clock.nowMs() - start >= s.maxDurationMs) {
      stop = 'max-duration';
      break;
    }
    issued[i] = clock.nowMs() - start;
    // one sample, one call: the completion callback records the latency at once (no promise per query to wait on)
    pool.submit({ queryId: i, samples: picks[i]! }, (doneAbs) => {
      const l = doneAbs - (start + schedule[i]!);
      latency[i] = l;
      endMs = Math.max(endMs, doneAbs - start);
      if (l > bound && ++over > allowed && o.abortWhenBoundMissed && stop === 'schedule-done') {
        stop = 'bound-certainly-missed';
        pool.cancelPending();
      }
    });
  }
  if (stop !== 'schedule-done') pool.cancelPending();
  await Promise.race([pool.drain(), pool.failed]);
  const trace: ScenarioTrace = { scheduledMs: [], issuedMs: [], latencyMs: [], samplesPerQuery: 1, sampleIndices: [], endMs, stopReason: stop, cancelledQueries: 0 };
  for (let i = 0; i < schedule.length; i++) {
    if (Number.isNaN(latency[i]!)) {
      trace.cancelledQueries++;
      continue;
    }
    trace.sampleIndices.push(picks[i]!);
    trace.scheduledMs.push(schedule[i]!);
    trace.issuedMs.push(issued[i]!);
    trace.latencyMs.push(latency[i]!);
  }
  return trace;
}

/** Offline: `samples` samples queued at once in calls of `batch`; throughput is samples / last completion. */
export async function runOffline(s: ScenarioSettings, pool: InstancePool, clock: Clock, samples: number): Promise<ScenarioTrace> {
  const picks = sampleOrder(s).nextOffline(samples);
  const calls = splitIntoCalls(picks, s.batch);
  const sampleDoneMs: number[] = [];
  let stop: StopReason = 'all-samples-done';
  const start = clock.nowMs();
  for (const c of calls) {
    pool.submit({ queryId: 0, samples: c }, (doneAbs) => {
      const t = doneAbs - start;
      for (let k = 0; k < c.length; k++) sampleDoneMs.push(t);
      if (s.maxDurationMs !== null && t >= s.maxDurationMs && stop === 'all-samples-done') {
        stop = 'max-duration';
        pool.cancelPending();
      }
    });
  }
  await Promise.race([pool.drain(), pool.failed]);
  const endMs = sampleDoneMs.reduce((a, b) => (b > a ? b : a), 0); // no spread: a query can hold 100,000s of samples
  return { scheduledMs: [0], issuedMs: [0], latencyMs: [endMs], samplesPerQuery: sampleDoneMs.length, sampleIndices: [picks.slice(0, sampleDoneMs.length)], sampleDoneMs, endMs, stopReason: stop, cancelledQueries: 0 };
}
