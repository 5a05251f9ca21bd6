/** The sweep's tables as rows of text, shared by the Markdown summary and the HTML page. */
import { fixed, minSamplesForPercentile, renderMarkdownTable } from '@modelbench/core';
import { scenarioOf } from './cell-view.ts';
import { headlineOf } from './scenario-ranking.ts';
import { headlineValueText } from './scenario-ranking-text.ts';
import type { ScalingGroup, ServerSeries, SweepWorkload } from './sweep.ts';

export const SCALING_HEAD = ['instances × threads', 'cores', 'samples/s', '± 95 %', 'speedup', 'parallel efficiency', 'MLPerf metric', 'plain percentile ms', 'validity'];
export const SCALING_ALIGN = ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'] as const;
export const SERVER_HEAD = ['target QPS', 'achieved QPS', 'MLPerf completed samples/s', 'p99 ms', 'bound ms', 'within the bound'];

const pct = (x: number | null): string => (x === null ? '-' : `${fixed(x * 100, 1)} %`);

export function scalingRows(g: ScalingGroup): string[][] {
  return g.rows.map((r) => {
    const sc = scenarioOf(r.cell.record);
    // a scenario's MLPerf metric (scenario.headline) and the plain percentile beside it (offline: none, one query);
    // the plain loop has no MLPerf metric, its p99 follows core's percentile rule (n ≥ 100)
    const h = headlineOf(r.cell);
    const loop = r.cell.record.latency;
    // a record written before the headline existed: its queries' p99, as before
    const oldP99 = sc && sc.latency.count > 0 && sc.scenario !== 'offline' ? sc.latency.p99Ms : null;
    const plainMs = sc ? (h ? (h.plain?.value ?? null) : oldP99) : loop && loop.samples >= minSamplesForPercentile(99) ? loop.p99Ms : null;
    const plainName = h?.plain ? h.plain.name.replace(/ latency$/, '') : 'p99';
    return [
      `${r.instances} × ${r.threads}${r.instancesOrigin === null ? '' : ` (auto: ${r.instancesOrigin})`}`,
      String(r.coresUsed),
      fixed(r.samplesPerSecond, 2),
      r.halfWidth95SamplesPerSecond === null ? '-' : fixed(r.halfWidth95SamplesPerSecond, 2),
      r.speedup === null ? '-' : `${fixed(r.speedup, 2)}×`,
      pct(r.parallelEfficiency),
      h ? (h.value === null ? `- (no ${h.mlperfName})` : `${headlineValueText(h)}, ${h.mlperfName}`) : '-',
      plainMs === null ? '-' : `${fixed(plainMs, 2)} (${plainName})`,
      sc ? `${sc.validity.verdict}${sc.validity.reasons.length ? `: ${sc.validity.reasons.join('; ')}` : ''}` : 'plain loop',
    ];
  });
}

export function serverRows(s: ServerSeries): string[][] {
  return s.points.map((p) => [
    Number.isFinite(p.targetQps) ? fixed(p.targetQps, 2) : '-',
    fixed(p.achievedQps, 2),
    p.completedSamplesPerSecond === null ? '-' : fixed(p.completedSamplesPerSecond, 2),
    p.p99Ms === null ? '-' : fixed(p.p99Ms, 2),
    s.boundMs === null ? '-' : fixed(s.boundMs, 1),
    p.meets ? 'yes' : 'no',
  ]);
}

export const SWEEP_NOTE =
  'Throughput is samples/s (scenario cells: the scenario\'s own figure; plain-loop cells: batch ÷ median latency), its 95 % interval from the ' +
  'method of batch means (the run\'s completions in 5 consecutive blocks: t(4) × sd ÷ √5). Speedup and parallel efficiency ((samples/s ÷ cores) ' +
  'over the baseline\'s) are against each group\'s cell on the fewest cores (1 × 1 where it was measured); server cells are in ' +
  'their own latency-against-throughput table. A cell run with --instances auto shows the instances × threads its ' +
  'child chose and where they came from (measured by tune, or the cores rule).';

export function sweepMarkdown(workloads: readonly SweepWorkload[], shows: (w: SweepWorkload) => boolean): string[] {
  const out: string[] = [];
  for (const w of workloads) {
    const scaling = shows(w) ? w.scaling : [];
    if (scaling.length === 0 && w.server.length === 0) continue;
    out.push(`### ${w.workload}`, '');
    for (const g of scaling) {
      out.push(`**${g.label}** — baseline ${g.baseline}`, '', renderMarkdownTable(SCALING_HEAD, scalingRows(g), [...SCALING_ALIGN]), '');
    }
    for (const s of w.server) {
      out.push(`**${s.label}** — server, ${s.from === 'find-peak' ? 'find-peak probes' : 'one cell per target QPS'}`, '', renderMarkdownTable(SERVER_HEAD, serverRows(s), ['right', 'right', 'right', 'right', 'right', 'left']), '');
    }
  }
  return out.length ? ['## Scaling sweep', '', SWEEP_NOTE, '', ...out] : [];
}
