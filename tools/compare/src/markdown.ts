/** The Markdown summary: per workload the winner, speedups, efficiency vs peak, a table of every cell, and warnings. */
import { fixed, renderMarkdownTable } from '@modelbench/core';
import { cellText, type LabelParts } from './cell-view.ts';
import type { RankedCell, Summary, WorkloadSummary } from './summary.ts';
import { showsScaling, type SweepWorkload } from './sweep.ts';
import { sweepMarkdown } from './sweep-tables.ts';

const times = (x: number | null): string => (x === null ? '-' : `${fixed(x, 2)}×`);
const percent = (x: number | null): string => (x === null ? '-' : `${fixed(x * 100, 1)} %`);

export function winnerSentence(w: WorkloadSummary, parts: LabelParts): string {
  if (!w.winner && w.scenarioCells) return `**${w.workload}**: no plain-loop cell to rank; its ${w.scenarioCells} scenario cell(s) are in the scaling sweep.`;
  if (!w.winner) return `**${w.workload}**: no cell was measured.`;
  const win = w.winner;
  const bits = [`median ${fixed(win.medianMs, 2)} ms per batch of ${win.cell.batch ?? '?'}`];
  if (w.runnerUp) bits.push(`${times(w.speedupOverRunnerUp)} over the runner-up ${cellText(w.runnerUp.cell, parts)}`);
  if (win.cell.precision === 'fp32') bits.push('fp32 itself');
  else bits.push(win.speedupOverFp32 === null ? 'no fp32 cell to compare with' : `${times(win.speedupOverFp32)} over fp32 on the same backend`);
  if (win.cell.record.efficiency !== null) {
    bits.push(`efficiency ${percent(win.cell.record.efficiency)} of the ${fixed(win.cell.record.calibratedPeakGflopsPerSecond, 1)} GFLOP/s GEMM peak`);
  }
  return `**${w.workload}** (batch ${w.batch ?? '?'}): winner **${cellText(win.cell, parts)}** — ${bits.join(', ')}.`;
}

function row(r: RankedCell, w: WorkloadSummary, parts: LabelParts): string[] {
  const l = r.cell.record.latency!;
  const place = !r.ranked ? 'not ranked' : r === w.winner ? '1 (winner)' : String(w.cells.filter((c) => c.ranked).indexOf(r) + 1);
  return [
    place,
    cellText(r.cell, parts),
    fixed(l.medianMs, 2),
    fixed(l.p99Ms, 2),
    `${fixed(l.sdMs, 2)} (${l.samples})`,
    fixed(r.cell.record.throughputSamplesPerSecond, 2),
    fixed(r.cell.record.gflopsPerSecond, 1),
    percent(r.cell.record.efficiency),
    times(r.relativeToWinner),
    times(r.speedupOverFp32),
  ];
}

function workloadSection(w: WorkloadSummary, parts: LabelParts): string[] {
  const out = [`## ${w.workload}${w.batch !== null ? ` — batch ${w.batch}` : ''}`, '', winnerSentence(w, parts), ''];
  if (w.cells.length) {
    out.push(
      renderMarkdownTable(
        ['rank', 'cell', 'median ms', 'p99 ms', 'sd ms (n)', 'samples/s', 'GFLOP/s', 'efficiency', 'vs winner', 'vs fp32'],
        w.cells.map((r) => row(r, w, parts)),
        ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      ),
      '',
    );
  }
  if (w.notMeasured.length) {
    out.push('Not measured:', '');
    for (const c of w.notMeasured) out.push(`- ${cellText(c, parts)} — ${c.status}${c.record.error ? ` [${c.record.error.code}]: ${c.record.error.message}` : ''}`);
    out.push('');
  }
  for (const warning of w.warnings) out.push(`> ⚠ ${warning}`, '');
  return out;
}

export function renderMarkdownSummary(s: Summary, title = 'modelbench — which backend and precision wins', sweep: readonly SweepWorkload[] = []): string {
  const out = [`# ${title}`, ''];
  out.push(`Machines: ${s.machines.map((m) => `\`${m}\``).join(', ') || 'none'}.`, '');
  out.push(
    'Ranked by the median latency of one batch; "vs winner" is the winner\'s median over the cell\'s, "vs fp32" the fp32 cell of ' +
      'the same backend and threads over the cell\'s (above 1× is faster). Efficiency is achieved GFLOP/s over the fp32 GEMM peak calibrated on the same backend.',
    '',
  );
  for (const w of s.workloads) out.push(winnerSentence(w, s.parts));
  out.push('');
  for (const w of s.workloads) out.push(...workloadSection(w, s.parts));
  out.push(...sweepMarkdown(sweep, showsScaling));
  return out.join('\n').trimEnd() + '\n';
}
