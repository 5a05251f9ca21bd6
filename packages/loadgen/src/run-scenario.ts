/**
 * runScenario: open the instances, warm them up, run the scenario (server with --find-peak: the whole search), judge
 * validity, and return one plain-JSON ScenarioResult. Instances are always disposed, also when a run fails.
 */
import { availableParallelism } from 'node:os';
import { holdIssuePriority, type Clock, realClock, releaseIssuePriority } from './clock.ts';
import { driftReport } from './drift.ts';
import type { Executor, ExecutorFactory } from './executor.ts';
import { findPeakQps } from './find-peak.ts';
import { InstancePool } from './instance-pool.ts';
import { compareLoad, snapshotLoad, type LoadSnapshot, type MachineLoad } from './machine-load.ts';
import { latencyPercentiles, loadgenPercentile } from './percentiles.ts';
import { planPinning, probePinningHost, type PinningHost } from './pinning.ts';
import type { InstanceFigures, PeakProbeRecord, ScenarioResult } from './report.ts';
import { issueLateness, runOffline, runServer, runStreams, type ScenarioTrace, type ServerOptions } from './scheduler.ts';
import { chooseIssuer, figuresView, IssuerThread, mayIssueFromThread, type IssuerAsk } from './issuer-thread.ts';
import type { ScenarioSettings } from './settings.ts';
import { judgeValidity } from './validity.ts';
import { headlineMetric } from './headline.ts';
import { completedSamplesPerSecond, loadgenSummary } from './loadgen-summary.ts';

export interface RunScenarioOptions {
  clock?: Clock;
  /** where pinning looks for taskset and cores (tests pass a fake host) */
  pinningHost?: PinningHost;
  /** read /proc before and after (default true; tests on a fake clock turn it off) */
  machineLoad?: boolean;
  logicalCpus?: number;
  /** progress lines (find-peak probes) */
  log?: (line: string) => void;
  /** where single/multi-stream and server queries are issued (issuer-thread.ts): `auto` (the default) takes the
   * dedicated issuer thread wherever it can run, `main` keeps the main thread (the bench's comparison) */
  issuer?: IssuerAsk;
}

/** The pool figures the record is built from: an InstancePool here, or the issuer thread's pool as data. */
type Figures = Pick<InstancePool, 'instanceStats' | 'queueStats' | 'callOverhead'>;

/** One timed run of the closed loop or the server schedule: in the issuer thread where there is one, else here. */
async function issueRun(kind: 'streams' | 'server', s: ScenarioSettings, executors: readonly Executor[], clock: Clock, issuer: IssuerThread | undefined, server?: ServerOptions): Promise<{ trace: ScenarioTrace; pool: Figures }> {
  if (issuer) {
    const r = await issuer.run(kind, s, server);
    return { trace: r.trace, pool: figuresView(r.figures) };
  }
  const pool = new InstancePool(executors, clock);
  const trace = kind === 'server' ? await runServer(s, pool, clock, server!) : await runStreams(s, pool, clock);
  return { trace, pool };
}

interface WarmUp {
  callsPerInstance: number;
  /** null without warm-up calls */
  meanCallMs: number | null;
}

async function warmUp(executors: readonly Executor[], s: ScenarioSettings, clock: Clock): Promise<WarmUp> {
  const perCall: number[] = [];
  const samples = Array.from({ length: s.batch }, (_, i) => i % s.sampleCount);
  await Promise.all(
    executors.map(async (e) => {
      for (let w = 0; w < s.warmupCalls; w++) {
        const t0 = clock.nowMs();
        await e.run(samples);
        perCall.push(clock.nowMs() - t0);
      }
    }),
  );
  // the first call of a session is the slowest (allocation, kernel choice): keep the later ones when there are some
  const keep = perCall.length > executors.length ? perCall.slice(executors.length) : perCall;
  const meanCallMs = keep.length > 0 ? keep.reduce((a, b) => a + b, 0) / keep.length : null;
  return { callsPerInstance: s.warmupCalls, meanCallMs };
}

function maxOf(xs: readonly number[]): number {
  let m = 0;
  for (const x of xs) if (x > m) m = x;
  return m;
}

const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;

function serverMeets(trace: ScenarioTrace, s: ScenarioSettings): boolean {
  if (trace.stopReason === 'bound-certainly-missed' || trace.latencyMs.length === 0) return false;
  return loadgenPercentile(trace.latencyMs, s.percentile) <= s.latencyBoundMs!;
}

/** loadgen's completed samples per second: (n − 1) / the final issued query's completion */
const achievedQps = (trace: ScenarioTrace): number => completedSamplesPerSecond(trace);

/** loadgen's scheduled samples per second: (n − 1) / the final query's scheduled time */
function scheduledQps(trace: ScenarioTrace): number {
  const n = trace.scheduledMs.length;
  const last = n > 0 ? trace.scheduledMs[n - 1]! : 0;
  return n > 1 && last > 0 ? ((n - 1) * 1000) / last : 0;
}

/** Said before a server run's timed phase: one call of the warm-up already takes longer than the latency bound. */
export function serverBoundOutOfReach(s: Pick<ScenarioSettings, 'scenario' | 'latencyBoundMs' | 'latencyBoundSource'>, meanCallMs: number | null): string | undefined {
  if (s.scenario !== 'server' || s.latencyBoundMs === undefined || meanCallMs === null || meanCallMs <= s.latencyBoundMs) return undefined;
  return `the warm-up's calls took ${meanCallMs.toFixed(2)} ms on average, more than the ${s.latencyBoundMs} ms latency bound (${s.latencyBoundSource ?? 'given'}): no rate can be VALID here (give --latency-bound-ms above it)`;
}

export async function runScenario(settings: ScenarioSettings, factory: ExecutorFactory, options: RunScenarioOptions = {}): Promise<ScenarioResult> {
  const clock = options.clock ?? realClock;
  const s = settings;
  const cpus = s.pin ? planPinning(s.instances, s.threadsPerInstance, options.pinningHost ?? probePinningHost()) : undefined;
  const executors: Executor[] = [];
  let issuer: IssuerThread | undefined;
  let disposed = false;
  let heldPriority = false;
  const disposeAll = async (): Promise<void> => {
    if (disposed) return;
    disposed = true;
    if (heldPriority) releaseIssuePriority();
    await issuer?.close().catch(() => undefined);
    await Promise.allSettled(executors.map((e) => e.dispose()));
  };
  const ask = options.issuer ?? 'auto';
  try {
    // the issuer thread loads while the instances start; it is dropped if they turn out to be out of its reach
    if (mayIssueFromThread({ scenario: s.scenario, clock, ask })) issuer = IssuerThread.spawn();
    for (let i = 0; i < s.instances; i++) executors.push(await factory({ index: i, threads: s.threadsPerInstance, cpus: cpus?.[i] }));
    const issuerChoice = chooseIssuer({ scenario: s.scenario, executors, clock, ask });
    if (issuerChoice.kind === 'thread') await issuer!.attach(executors);
    else if (issuer) {
      await issuer.close();
      issuer = undefined;
    }
    // the main thread issues a timed run on the real clock: its priority is raised before the warm-up, which then takes
    // the page faults the chrt child's fork leaves behind (issuer-priority.ts), and kept until the end
    if (issuerChoice.kind === 'main' && s.scenario !== 'offline' && clock.hrtime) {
      heldPriority = true;
      holdIssuePriority();
    }
    const warm = await warmUp(executors, s, clock);
    const watchLoad = options.machineLoad ?? true;
    const before: LoadSnapshot | undefined = watchLoad ? snapshotLoad(clock.nowMs()) : undefined;
    const notes: string[] = [];
    const hopeless = serverBoundOutOfReach(s, warm.meanCallMs);
    if (hopeless) {
      options.log?.(`  warning: ${hopeless}`);
      notes.push(hopeless);
    }
    let pool!: Figures;
    let trace!: ScenarioTrace;
    let offlineExpectedQps: number | null | undefined;
    let offlineAttempts: number | undefined;
    let targetQps = s.targetQps;
    let findPeak: ScenarioResult['findPeak'];
    if (s.scenario === 'single-stream' || s.scenario === 'multi-stream') {
      ({ trace, pool } = await issueRun('streams', s, executors, clock, issuer));
    } else if (s.scenario === 'offline') {
      // loadgen sizes the one query as floor(1.1 × min duration × expected QPS); the QPS here is measured in the
      // warm-up. A query that still finishes short of the minimum duration is rerun, larger, from the rate it achieved
      // (loadgen's own advice: "Increase expected QPS"), at most twice; the record says how many attempts were made.
      // a conf file's Offline target_qps is LoadGen's offline_expected_qps: the query is sized from it, once (no rerun)
      let expected = s.offlineExpectedQps ?? (warm.meanCallMs === null ? Number.NaN : (s.instances * s.batch * 1000) / warm.meanCallMs);
      let previous = 0;
      for (let attempt = 1; ; attempt++) {
        const forDuration = Number.isFinite(expected) ? Math.floor(1.1 * (s.minDurationMs / 1000) * expected) : s.minQueries;
        // --max-duration (no cap unless given, as loadgen) keeps a query from outgrowing it; the 1.1 slack stays
        const cap = s.maxDurationMs !== null && Number.isFinite(expected) ? Math.max(s.minQueries, Math.floor(1.1 * (s.maxDurationMs / 1000) * expected)) : Number.POSITIVE_INFINITY;
        const samples = Math.max(previous + 1, Math.min(cap, Math.max(s.minQueries, forDuration)));
        offlineExpectedQps = Number.isFinite(expected) ? expected : null;
        offlineAttempts = attempt;
        // nothing is due later: each instance holds its next call while it runs one (no round trip between calls)
        const offlinePool = new InstancePool(executors, clock, 2);
        pool = offlinePool;
        trace = await runOffline(s, offlinePool, clock, samples);
        if (trace.endMs >= s.minDurationMs || trace.stopReason === 'max-duration' || attempt === 3 || s.offlineExpectedQps !== undefined) break;
        notes.push(`offline attempt ${attempt}: ${samples} samples took ${(trace.endMs / 1000).toFixed(2)} s < ${s.minDurationMs / 1000} s; rerun larger at the measured rate`);
        previous = samples;
        expected = (trace.sampleDoneMs!.length * 1000) / trace.endMs;
      }
    } else if (!s.findPeak) {
      ({ trace, pool } = await issueRun('server', s, executors, clock, issuer, { targetQps: targetQps! }));
    } else {
      const guess = warm.meanCallMs === null || warm.meanCallMs <= 0 ? 1 : round(Math.max(0.1, (0.5 * s.instances * 1000) / warm.meanCallMs), s.findPeakDecimals);
      const startQps = s.targetQps ?? guess;
      const result = await findPeakQps({ startQps, step: s.findPeakStep, decimals: s.findPeakDecimals, maxHalvings: s.targetQps === undefined ? 3 : 0 }, async (qps) => {
        const { trace: t, pool: p } = await issueRun('server', s, executors, clock, issuer, { targetQps: qps, abortWhenBoundMissed: true });
        const meets = serverMeets(t, s);
        options.log?.(`  find-peak: ${qps.toFixed(2)} QPS → ${meets ? 'meets' : 'misses'} the bound (p99 ${t.latencyMs.length > 0 ? loadgenPercentile(t.latencyMs, s.percentile).toFixed(2) : 'n/a'} ms, ${t.latencyMs.length} queries${t.stopReason === 'bound-certainly-missed' ? ', stopped once certain' : ''})`);
        return { meets, trace: t, pool: p };
      });
      const last = result.probes[result.probes.length - 1]!.outcome;
      const chosen = result.peak ?? last;
      pool = chosen.pool;
      trace = chosen.trace;
      targetQps = result.peakQps ?? result.probes[result.probes.length - 1]!.qps;
      notes.push(...result.notes);
      if (s.targetQps === undefined) notes.push(warm.meanCallMs === null || warm.meanCallMs <= 0 ? `find-peak started at ${startQps} QPS (no warm-up time to start from; give --target-qps)` : `find-peak started at ${startQps} QPS, half the warm-up's ${s.instances} × 1000 / ${warm.meanCallMs.toFixed(2)} ms`);
      const probes: PeakProbeRecord[] = result.probes.map(({ qps, outcome }) => ({
        qps,
        meets: outcome.meets,
        p99Ms: outcome.trace.latencyMs.length > 0 ? loadgenPercentile(outcome.trace.latencyMs, s.percentile) : undefined,
        achievedQps: achievedQps(outcome.trace),
        scheduledQps: scheduledQps(outcome.trace),
        queries: outcome.trace.latencyMs.length,
        stopReason: outcome.trace.stopReason,
      }));
      findPeak = { boundMs: s.latencyBoundMs!, peakQps: result.peakQps, peakQpsAtDecimals: result.peakQpsAtDecimals, decimals: s.findPeakDecimals, phase: result.phase, probes, notes: result.notes };
    }
    const stats = pool.instanceStats();
    const queue = pool.queueStats();
    const outsideCpuMs = (): number => executors.reduce((a, e) => a + (e.outsideCpuMs?.() ?? 0), 0);
    const endWall = clock.nowMs();
    await disposeAll();
    const after = watchLoad ? snapshotLoad(endWall, outsideCpuMs()) : undefined;
    const machineLoad: MachineLoad = before && after ? compareLoad(before, after, options.logicalCpus ?? availableParallelism()) : { available: false, warnings: [] };

    const offline = s.scenario === 'offline';
    const queries = trace.latencyMs.length;
    const samples = offline ? trace.sampleDoneMs!.length : queries * s.samplesPerQuery;
    const durationMs = trace.endMs;
    const judgedDurationMs = offline ? durationMs : s.scenario === 'server' ? maxOf(trace.scheduledMs) : maxOf(trace.issuedMs);
    const validity = judgeValidity({
      scenario: s.scenario,
      durationMs: judgedDurationMs,
      queries: offline ? samples : queries,
      minDurationMs: s.minDurationMs,
      minQueries: s.minQueries,
      latenciesMs: offline ? [] : trace.latencyMs,
      percentile: s.percentile,
      latencyBoundMs: s.latencyBoundMs,
    });
    const summary = loadgenSummary(s.scenario, trace, validity, s.percentile);
    const instances: InstanceFigures[] = stats.map((i) => ({
      ...i,
      samplesPerSecond: durationMs > 0 ? (i.samples * 1000) / durationMs : 0,
      utilisation: durationMs > 0 ? i.busyMs / durationMs : 0,
      ...(i.modelCalls === i.calls && i.calls > 0 ? { overheadPerCallMs: (i.busyMs - i.modelMs) / i.calls } : {}),
    }));
    const calls = stats.reduce((a, i) => a + i.calls, 0);
    const modelCalls = stats.reduce((a, i) => a + i.modelCalls, 0);
    const modelMs = stats.reduce((a, i) => a + i.modelMs, 0);
    const busyMs = stats.reduce((a, i) => a + i.busyMs, 0);
    const totals: ScenarioResult['totals'] = { queries, samples, durationMs, samplesPerSecond: durationMs > 0 ? (samples * 1000) / durationMs : 0 };
    if (s.scenario === 'server') {
      totals.achievedQps = achievedQps(trace);
      const lastScheduled = maxOf(trace.scheduledMs);
      totals.scheduledQps = queries > 1 && lastScheduled > 0 ? ((queries - 1) * 1000) / lastScheduled : 0;
      totals.targetQps = targetQps!;
      totals.meanIssueDelayMs = queries > 0 ? trace.issuedMs.reduce((a, t, i) => a + (t - trace.scheduledMs[i]!), 0) / queries : 0;
    }
    if (calls > 0 && modelCalls === calls) {
      totals.overheadPerCallMs = (busyMs - modelMs) / calls;
      if (modelMs > 0) totals.overheadPercent = (totals.overheadPerCallMs / (modelMs / calls)) * 100;
    }
    const lateness = offline ? null : issueLateness(trace);
    if (lateness) totals.issueLatenessMs = lateness;
    const overhead = pool.callOverhead();
    if (overhead) totals.callOverheadMs = { ...overhead, ...(modelCalls > 0 && modelMs > 0 ? { percentOfModel: (overhead.meanMs / (modelMs / modelCalls)) * 100 } : {}) };
    const drift = offline || s.scenario === 'server' ? undefined : driftReport(trace.latencyMs);
    const warnings = [...s.warnings];
    for (const w of executors.flatMap((e) => e.warnings ?? [])) if (!warnings.includes(w)) warnings.push(w);
    if (trace.stopReason === 'max-duration' && !(validity.checks.minDuration && validity.checks.minQueries)) warnings.push(`stopped at --max-duration ${(s.maxDurationMs ?? 0) / 1000} s before the minima were met`);
    if (trace.rme && !trace.rme.reached) warnings.push(`target RME ${trace.rme.targetPercent} % not reached in ${(s.maxDurationMs ?? 0) / 1000} s (reached ${trace.rme.percent === null ? "no estimate: fewer than 2 queries" : `${trace.rme.percent.toFixed(2)} %`}); raise --max-duration`);
    warnings.push(...notes, ...machineLoad.warnings, ...(drift?.warnings ?? []));
    const { warnings: _w, ...recordedSettings } = s;
    return {
      scenario: s.scenario,
      settings: { ...recordedSettings, issuer: issuerChoice.kind, issuerWhy: issuerChoice.why },
      instances,
      totals,
      latency: latencyPercentiles(offline ? trace.sampleDoneMs! : trace.latencyMs),
      raw: {
        scheduledMs: trace.scheduledMs.map((x) => round(x)),
        issuedMs: trace.issuedMs.map((x) => round(x)),
        latencyMs: trace.latencyMs.map((x) => round(x)),
        ...(trace.sampleDoneMs ? { sampleDoneMs: trace.sampleDoneMs.map((x) => round(x)) } : {}),
      },
      sampleIndices: trace.sampleIndices,
      ...(trace.issuePriority ? { issuePriority: trace.issuePriority } : {}),
      queue,
      stopReason: trace.stopReason,
      cancelledQueries: trace.cancelledQueries,
      validity,
      headline: headlineMetric(s.scenario, summary, validity.earlyStoppingQueriesNeeded),
      summary,
      warmup: warm,
      ...(offlineExpectedQps !== undefined ? { offlineExpectedQps, offlineAttempts: offlineAttempts! } : {}),
      ...(findPeak ? { findPeak } : {}),
      ...(trace.rme ? { rme: trace.rme } : {}),
      machineLoad,
      ...(drift ? { drift } : {}),
      warnings,
    };
  } finally {
    await disposeAll();
  }
}
