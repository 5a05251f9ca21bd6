/** The Markdown summary: per workload the winner (or the tie), speedups with their 95 % intervals, a table of every
 * cell, warnings, the scaling sweep and the provenance of the figures. */
import { fixed, minSamplesForPercentile, renderMarkdownTable, type LatencyStats } from '@modelbench/core';
import { cellText, type CellView, type LabelParts } from './cell-view.ts';
import { provenance, provenanceMarkdown } from './provenance.ts';
import { formatSpeedup } from './speedup.ts';
import type { RankedCell, Summary, WorkloadSummary } from './summary.ts';
import { showsScaling, type SweepWorkload } from './sweep.ts';
import { sweepMarkdown } from './sweep-tables.ts';
import type { ScenarioRanking } from './scenario-ranking.ts';
import { scenarioRankingMarkdown } from './scenario-ranking-text.ts';

const percent = (x: number | null): string => (x === null ? '-' : `${fixed(x * 100, 1)} %`);

/** core's percentile rule (console and record alike): p99 only with at least one sample above it (n ≥ 100). */
export const P99_MIN_SAMPLES = minSamplesForPercentile(99);

export function p99Text(l: LatencyStats): string {
  return l.samples >= P99_MIN_SAMPLES && l.p99Ms !== null ? fixed(l.p99Ms, 2) : '-';
}

/** `100.00 ± 1.49` (mean and the half-width of its 95 % interval), or the mean alone with one sample. */
export function meanText(r: RankedCell): string {
  return r.meanHalfWidth95Ms === null ? fixed(r.meanMs, 2) : `${fixed(r.meanMs, 2)} ± ${fixed(r.meanHalfWidth95Ms, 2)}`;
}

export function winnerSentence(w: WorkloadSummary, parts: LabelParts): string {
  if (!w.fastest && w.scenarioCells) return `**${w.workload}**: no plain-loop cell to rank; its ${w.scenarioCells} scenario cell(s) are ranked on MLPerf's metric in the scenario ranking.`;
  if (!w.fastest) return w.cells.length ? `**${w.workload}** (batch ${w.batch ?? '?'}): no cell to rank (${w.cells[0]!.notRankedReason}).` : `**${w.workload}**: no cell was measured.`;
  const head = `**${w.workload}** (batch ${w.batch ?? '?'})`;
  const fast = w.fastest;
  const mean = `mean ${meanText(fast)} ms per batch of ${fast.cell.batch ?? '?'} (95 % interval)`;
  if (w.tied.length > 1) {
    const others = w.tied.filter((t) => t !== fast);
    const test = w.margin && w.tied.includes(w.runnerUp!) ? w.margin.reason : 'Welch, 5 %';
    return (
      `${head}: tied — **${w.tied.map((t) => cellText(t.cell, parts)).join('**, **')}** cannot be told apart (${test}); ` +
      `${cellText(fast.cell, parts)} has the lowest ${mean}, ${formatSpeedup(others[0]!.relativeToFastest)} over ${cellText(others[0]!.cell, parts)}; measure again with more --iterations to separate them.`
    );
  }
  const bits = [mean];
  if (w.runnerUp) bits.push(`${formatSpeedup(w.speedupOverRunnerUp)} over the runner-up ${cellText(w.runnerUp.cell, parts)} (${w.margin!.reason})`);
  else bits.push('the only ranked cell');
  if (fast.cell.precision === 'fp32') bits.push('fp32 itself');
  else bits.push(fast.speedupOverFp32 === null ? 'no fp32 cell to compare with' : `${formatSpeedup(fast.speedupOverFp32)} over fp32 on the same backend`);
  if (fast.cell.record.efficiency !== null) {
    bits.push(`efficiency ${percent(fast.cell.record.efficiency)} of the ${fixed(fast.cell.record.calibratedPeakGflopsPerSecond, 1)} GFLOP/s GEMM peak`);
  }
  return `${head}: winner **${cellText(fast.cell, parts)}** — ${bits.join(', ')}.`;
}

/** The rank column: `1 (winner)`, `1 (tied)`, `=1 (tied)` for the others of the tie, the place, or `not ranked`. */
export function placeText(r: RankedCell, w: WorkloadSummary): string {
  if (!r.ranked) return 'not ranked';
  if (r === w.winner) return '1 (winner)';
  if (w.tied.length > 1 && w.tied.includes(r)) return r === w.fastest ? '1 (tied)' : '=1 (tied)';
  return String(w.cells.filter((c) => c.ranked).indexOf(r) + 1);
}

export const CELL_TABLE_HEAD = ['rank', 'cell', 'mean ms (95 %)', 'median ms', `p99 ms (n ≥ ${P99_MIN_SAMPLES})`, 'sd ms (n)', 'samples/s', 'GFLOP/s', 'efficiency', 'vs fastest', 'vs fp32'];

export function cellRow(r: RankedCell, w: WorkloadSummary, parts: LabelParts): string[] {
  const l = r.cell.record.latency!;
  return [
    placeText(r, w),
    cellText(r.cell, parts) + (r.notRankedReason ? ` (${r.notRankedReason})` : ''),
    meanText(r),
    fixed(l.medianMs, 2),
    p99Text(l),
    `${fixed(l.sdMs, 2)} (${l.samples})`,
    fixed(r.cell.record.throughputSamplesPerSecond, 2),
    fixed(r.cell.record.gflopsPerSecond, 1),
    percent(r.cell.record.efficiency),
    r === w.fastest ? '1×' : r.relativeToFastest ? `${formatSpeedup(r.relativeToFastest)} slower` : '-',
    formatSpeedup(r.speedupOverFp32),
  ];
}

function workloadSection(w: WorkloadSummary, parts: LabelParts): string[] {
  const out = [`## ${w.workload}${w.batch !== null ? ` — batch ${w.batch}` : ''}`, '', winnerSentence(w, parts), ''];
  if (w.cells.length) {
    out.push(renderMarkdownTable(CELL_TABLE_HEAD, w.cells.map((r) => cellRow(r, w, parts)), ['left', 'left', ...CELL_TABLE_HEAD.slice(2).map(() => 'right' as const)]), '');
  }
  if (w.notMeasured.length) {
    out.push('Not measured:', '');
    for (const c of w.notMeasured) out.push(`- ${cellText(c, parts)} — ${c.status}${c.record.error ? ` [${c.record.error.code}]: ${c.record.error.message}` : ''}`);
    out.push('');
  }
  for (const warning of w.warnings) out.push(`> ⚠ ${warning}`, '');
  return out;
}

export const RANKING_NOTE =
  'Ranked by the mean latency of one batch, ± the half-width of its 95 % confidence interval (Student\'s t). A winner is named only where ' +
  'Welch\'s t-test (5 %) and a change of at least 2 % set the fastest cell apart from every other ranked cell; otherwise the cells it cannot be ' +
  'told from are "tied". Speed-ups are ratios of means with a 95 % interval ("1.23 ± 0.05×": hyperfine\'s first-order error propagation applied ' +
  'to the standard errors of the means, times Student\'s t). "vs fastest" is the cell\'s mean over the fastest\'s, "vs fp32" the fp32 cell of the same ' +
  `backend and threads over the cell's (above 1× is faster). p99 is shown from ${P99_MIN_SAMPLES} samples on (below that it is the maximum under another name). ` +
  'Efficiency is achieved GFLOP/s over the fp32 GEMM peak calibrated on the same backend. Emulated bf16 and the null backend are listed, never ranked.';

export function renderMarkdownSummary(
  s: Summary,
  title = 'modelbench — which backend and precision wins',
  sweep: readonly SweepWorkload[] = [],
  cells?: readonly CellView[],
  scenarios: readonly ScenarioRanking[] = [],
): string {
  const out = [`# ${title}`, ''];
  out.push(`Machines: ${s.machines.map((m) => `\`${m}\``).join(', ') || 'none'}.`, '');
  out.push(RANKING_NOTE, '');
  for (const w of s.workloads) out.push(winnerSentence(w, s.parts));
  out.push('');
  for (const w of s.workloads) out.push(...workloadSection(w, s.parts));
  out.push(...scenarioRankingMarkdown(scenarios, s.parts));
  out.push(...sweepMarkdown(sweep, showsScaling));
  if (cells) out.push('', ...provenanceMarkdown(provenance(cells, (c) => `${c.workload} ${cellText(c, s.parts)}`)));
  return out.join('\n').trimEnd() + '\n';
}
