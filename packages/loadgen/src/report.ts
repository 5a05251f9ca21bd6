/** One result type for every scenario — plain JSON, for the run record — and the human lines that summarise it. */
import type { DriftReport } from './drift.ts';
import type { HeadlineMetric } from './headline.ts';
import type { LoadgenSummary } from './loadgen-summary.ts';
import type { InstanceStats, QueueStats, TimeSpread } from './instance-pool.ts';
import type { MachineLoad } from './machine-load.ts';
import type { LatencyPercentiles } from './percentiles.ts';
import type { ScenarioTrace } from './scheduler.ts';
import type { ScenarioSettings } from './settings.ts';
import type { IssuerKind } from './issuer-protocol.ts';
import type { Validity } from './validity.ts';

export interface InstanceFigures extends InstanceStats {
  samplesPerSecond: number;
  /** busy time / the timed phase */
  utilisation: number;
  /** (busy − model time) per call: what dispatching a call cost beyond the model's own run, ms */
  overheadPerCallMs?: number;
}

export interface PeakProbeRecord {
  qps: number;
  meets: boolean;
  p99Ms: number | undefined;
  achievedQps: number;
  /** (n − 1) / the final scheduled time: the rate the Poisson schedule realised, beside the nominal `qps` */
  scheduledQps?: number;
  queries: number;
  stopReason: string;
}

export interface ScenarioResult {
  scenario: ScenarioSettings['scenario'];
  /** `issuer`: where single/multi-stream and server queries were issued (issuer-thread.ts), and why there */
  settings: Omit<ScenarioSettings, 'warnings'> & { issuer?: IssuerKind; issuerWhy?: string };
  instances: InstanceFigures[];
  totals: {
    queries: number;
    samples: number;
    /** the timed phase, first issue to last completion, ms */
    durationMs: number;
    samplesPerSecond: number;
    /** server: loadgen's completed samples per second, (n − 1) / the final issued query's completion */
    achievedQps?: number;
    /** server: (n − 1) / last scheduled time */
    scheduledQps?: number;
    targetQps?: number;
    /** server: mean of (issued − due) — how late the issuing thread handed queries over (timers, a busy CPU), ms */
    meanIssueDelayMs?: number;
    /** mean over all calls of (call wall time − model time), ms, where the executors report model time */
    overheadPerCallMs?: number;
    /** that overhead over the model's mean time per call, percent */
    overheadPercent?: number;
    /** issued − due per query (server: its arrival; single/multi-stream: the previous completion): mean, p99, max */
    issueLatenessMs?: TimeSpread;
    /** per call, (handed to the instance → outputs ready, stamped in the instance) − the model's own time */
    callOverheadMs?: TimeSpread & { percentOfModel?: number };
  };
  /** the performance-set sample indices of each query, in query order (offline: the one query's samples) */
  sampleIndices: number[][];
  /** the issuing thread's scheduling priority while timed (single/multi-stream, server on the real clock) */
  issuePriority?: string;
  /** per query (offline: the one query's latency is the last completion) */
  latency: LatencyPercentiles;
  raw: Pick<ScenarioTrace, 'scheduledMs' | 'issuedMs' | 'latencyMs' | 'sampleDoneMs'>;
  queue: QueueStats;
  stopReason: ScenarioTrace['stopReason'];
  cancelledQueries: number;
  validity: Validity;
  /** MLPerf's metric for the scenario, with the plain percentile beside it: what [TARGET], compare and fleet use */
  headline: HeadlineMetric;
  /** the figures of loadgen's mlperf_log_summary.txt */
  summary: LoadgenSummary;
  warmup: { callsPerInstance: number; meanCallMs: number | null };
  /** offline: the rate the query was sized from (null when no warm-up gave one) */
  offlineExpectedQps?: number | null;
  /** offline runs made to reach the minimum duration (1 when the first was long enough) */
  offlineAttempts?: number;
  /** peakQps: the highest rate run that met the bound; peakQpsAtDecimals: it to --find-peak-decimals (floor) */
  findPeak?: { boundMs: number; peakQps: number | undefined; peakQpsAtDecimals?: number | undefined; decimals?: number; phase: string; probes: PeakProbeRecord[]; notes: string[] };
  rme?: ScenarioTrace['rme'];
  machineLoad: MachineLoad;
  drift?: DriftReport | undefined;
  warnings: string[];
}

const ms = (x: number | undefined): string => (x === undefined ? 'n/a' : `${x.toFixed(x < 10 ? 3 : 2)} ms`);

export function scenarioLines(r: ScenarioResult): string[] {
  const s = r.settings;
  const lines: string[] = [];
  const shape = `${s.instances} instance${s.instances === 1 ? '' : 's'} × ${s.threadsPerInstance} thread${s.threadsPerInstance === 1 ? '' : 's'}${s.pin ? ' (pinned)' : ''}, batch ${s.batch}`;
  lines.push(`${r.scenario}: ${shape}`);
  const l = r.latency;
  const h = r.headline;
  const figure = (v: number | null): string => (v === null ? 'n/a' : h.unit === 'ms' ? ms(v) : `${v.toFixed(2)} samples/s`);
  const plain = h.plain ? `; plain ${h.plain.name} ${h.plain.value === null ? 'n/a' : ms(h.plain.value)}` : '';
  lines.push(`  MLPerf's ${h.mlperfName} (${h.mlperfKey}): ${figure(h.value)}${h.missing ? ` (${h.missing})` : ''}${plain}`);
  const sum = r.summary;
  if (r.scenario === 'offline') {
    lines.push(`  ${r.totals.samples} samples in ${(r.totals.durationMs / 1000).toFixed(2)} s`);
  } else if (r.scenario === 'server') {
    lines.push(`  target ${r.totals.targetQps?.toFixed(2)} QPS, scheduled ${r.totals.scheduledQps?.toFixed(2)} QPS, completed ${r.totals.achievedQps?.toFixed(2)} samples/s; p99 ${ms(l.p99Ms)} against the bound ${ms(s.latencyBoundMs)} (${s.latencyBoundSource}), ${sum.overLatencyCount ?? 0} of ${l.count} queries over it; queries issued ${ms(r.totals.meanIssueDelayMs)} late on average`);
  } else {
    lines.push(`  ${l.count} queries: p50 ${ms(l.p50Ms)}  p90 ${ms(l.p90Ms)}  p97 ${ms(l.p97Ms)}  p99 ${ms(l.p99Ms)}  (mean ${ms(l.meanMs)}, ${r.totals.samplesPerSecond.toFixed(2)} samples/s)`);
    if (r.scenario === 'single-stream') {
      const qps = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(2));
      lines.push(`  QPS w/ loadgen overhead ${qps(sum.qpsWithLoadgenOverhead)}, w/o ${qps(sum.qpsWithoutLoadgenOverhead)}; early-stopping 99th percentile estimate ${sum.earlyStoppingP99EstimateMs === null ? 'n/a (needs 662 queries)' : ms(sum.earlyStoppingP99EstimateMs)}`);
    }
  }
  if (r.findPeak) {
    const p = r.findPeak;
    const d = p.decimals ?? s.findPeakDecimals;
    const peakProbe = p.probes.find((x) => x.qps === p.peakQps);
    lines.push(`  find-peak: ${p.peakQps === undefined ? 'no QPS met the bound' : `peak ${(p.peakQpsAtDecimals ?? p.peakQps).toFixed(d)} QPS to ${d} decimal${d === 1 ? '' : 's'} (${p.peakQps} QPS run)`} under p99 ≤ ${ms(p.boundMs)} after ${p.probes.length} runs (${p.probes.map((x) => `${x.qps.toFixed(2)}${x.meets ? '✓' : '✗'}`).join(' ')})${peakProbe?.scheduledQps !== undefined ? `; the peak's schedule realised ${peakProbe.scheduledQps.toFixed(2)} QPS` : ''}`);
  }
  if (r.rme) lines.push(`  RME ${r.rme.percent === null ? "n/a" : r.rme.percent.toFixed(2)} % (target ${r.rme.targetPercent} %${r.rme.reached ? '' : ', not reached within the time budget'})`);
  if (r.instances.length > 1) {
    for (const i of r.instances) lines.push(`  instance ${i.index}: ${i.calls} calls, ${i.samplesPerSecond.toFixed(2)} samples/s, ${(i.utilisation * 100).toFixed(0)} % busy${i.pinnedCpus ? `, cpus ${i.pinnedCpus.join(',')}` : ''}`);
  }
  const late = r.totals.issueLatenessMs;
  if (late) lines.push(`  issue lateness: mean ${ms(late.meanMs)}, p99 ${ms(late.p99Ms)}, max ${ms(late.maxMs)} over ${late.count} queries${s.issuer ? `, issued from ${s.issuer === 'thread' ? 'the issuer thread' : `the main thread (${s.issuerWhy})`}` : ''}`);
  if (r.totals.overheadPerCallMs !== undefined) lines.push(`  harness overhead ${ms(r.totals.overheadPerCallMs)} per call${r.totals.overheadPercent !== undefined ? ` (${r.totals.overheadPercent.toFixed(2)} % of the model's time)` : ''}`);
  lines.push(`  ${r.validity.verdict}${r.validity.reasons.length > 0 ? `: ${r.validity.reasons.join('; ')}` : ''}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return lines;
}
