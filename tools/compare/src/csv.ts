/** Every cell as one CSV row (RFC 4180 quoting), for spreadsheets and scripts. */
import { minSamplesForPercentile } from '@modelbench/core';
import { machineName, scenarioOf, type CellView } from './cell-view.ts';
import { headlineOf } from './scenario-ranking.ts';
import { batchMeansThroughput, completions } from './sweep.ts';

export const CSV_COLUMNS = [
  'source', 'machine', 'cpu_model', 'arch', 'physical_cores', 'workload', 'status', 'backend', 'runtime_version', 'precision',
  'execution', 'threads', 'batch', 'iterations', 'median_ms', 'mean_ms', 'sd_ms', 'rme_percent', 'min_ms', 'p99_ms',
  'throughput_samples_per_s', 'gflops_per_s', 'efficiency', 'peak_gflops_per_s', 'peak_rss_bytes', 'started_at', 'code', 'message',
  'scenario', 'instances', 'cores_used', 'throughput_sd_samples_per_s', 'query_p99_ms', 'target_qps', 'achieved_qps', 'validity',
  // MLPerf's metric of a scenario cell (scenario.headline), the figure the scenario ranking orders on, and the plain percentile beside it
  'mlperf_metric', 'mlperf_key', 'mlperf_value', 'mlperf_unit', 'mlperf_better', 'plain_percentile', 'plain_percentile_ms',
] as const;

export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function sweepFields(c: CellView): (string | number | null)[] {
  const sc = scenarioOf(c.record);
  const done = c.status === 'ok' ? completions(c) : null;
  const sd = done ? (batchMeansThroughput(done.doneMs, done.samplesEach)?.sdPerSecond ?? null) : null;
  const p99 = sc && sc.latency.count > 0 ? sc.latency.p99Ms : null;
  const h = c.status === 'ok' ? headlineOf(c) : null;
  return [
    c.scenario, c.instances, c.coresUsed, sd, p99, sc?.totals.targetQps ?? null, sc?.totals.achievedQps ?? null, sc?.validity.verdict ?? null,
    h?.mlperfName ?? null, h?.mlperfKey ?? null, h?.value ?? null, h?.unit ?? null, h?.better ?? null, h?.plain?.name ?? null, h?.plain?.value ?? null,
  ];
}

export function csvRow(c: CellView): (string | number | null)[] {
  const r = c.record;
  const l = r.latency;
  return [
    c.source, machineName(r), r.environment.cpu.model, r.environment.cpu.arch, r.environment.cpu.physicalCores, c.workload, c.status, c.backend,
    r.backend?.runtimeVersion ?? null, c.precision, c.execution, c.threads, c.batch, r.status === 'ok' ? (r.config?.iterations ?? null) : null,
    // p99 under core's percentile rule (n ≥ 100), as the report's column: below that it is the maximum under another name
    l?.medianMs ?? null, l?.meanMs ?? null, l?.sdMs ?? null, l?.rmePercent ?? null, l?.minMs ?? null, l && l.samples >= minSamplesForPercentile(99) ? l.p99Ms : null,
    r.throughputSamplesPerSecond, r.gflopsPerSecond, r.efficiency, r.calibratedPeakGflopsPerSecond, r.status === 'ok' ? r.peakRssBytes : null,
    r.startedAt, r.error?.code ?? null, r.error?.message ?? null,
    ...sweepFields(c),
  ];
}

export function renderCsv(cells: readonly CellView[]): string {
  const lines = [CSV_COLUMNS.join(','), ...cells.map((c) => csvRow(c).map(csvField).join(','))];
  return lines.join('\r\n') + '\r\n';
}
