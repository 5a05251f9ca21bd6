/**
 * `compare A.json B.json` on two different cells (two backends, two machines, two batch sizes …), in hyperfine's
 * layout: each cell's time (mean ± the 95 % interval, median, range, n), then which ran faster by how much with a
 * 95 % interval — or "tied", with Welch's test shown, when the data cannot tell them apart.
 */
import { fixed } from '@modelbench/core';
import type { CellView } from './cell-view.ts';
import { cellKey, relativeText } from './compare.ts';
import { meanHalfWidth95, speedup, type Speedup } from './speedup.ts';
import { compareLatency, DEFAULT_MIN_CHANGE_PERCENT, type LatencyComparison } from './verdict.ts';

export interface TwoCellComparison {
  a: CellView;
  b: CellView;
  comparison: LatencyComparison;
  /** A's mean over B's: above 1 means B is faster */
  speedup: Speedup;
  /** true when the test cannot tell them apart */
  tied: boolean;
}

/** The one measured cell of a side, or null when it holds none or several. */
export function onlyMeasuredCell(cells: readonly CellView[]): CellView | null {
  const measured = cells.filter((c) => c.status === 'ok' && c.record.latency !== null);
  return measured.length === 1 ? measured[0]! : null;
}

export function compareTwoCells(a: CellView, b: CellView, minChangePercent = DEFAULT_MIN_CHANGE_PERCENT): TwoCellComparison {
  const la = a.record.latency!;
  const lb = b.record.latency!;
  const comparison = compareLatency(la, lb, minChangePercent);
  return { a, b, comparison, speedup: speedup(la, lb), tied: comparison.verdict === 'no significant change' };
}

function timeLines(name: string, source: string, c: CellView): string[] {
  const l = c.record.latency!;
  const h = meanHalfWidth95(l.sdMs, l.samples);
  return [
    `${name}: ${cellKey(c)} — ${source} (${c.machine})`,
    `  Time (mean ± 95 %): ${fixed(l.meanMs, 2)} ms${h === null ? ' (no interval: one sample)' : ` ± ${fixed(h, 2)} ms`}    [median ${fixed(l.medianMs, 2)} ms, sd ${fixed(l.sdMs, 2)} ms]`,
    `  Range (min … max): ${fixed(l.minMs, 2)} ms … ${fixed(l.maxMs, 2)} ms    ${l.samples} timed batches`,
  ];
}

export function renderTwoCells(r: TwoCellComparison, nameA: string, nameB: string): string {
  const out = [...timeLines('A', nameA, r.a), '', ...timeLines('B', nameB, r.b), '', 'Summary'];
  if (r.tied) {
    out.push(`  tied: A and B cannot be told apart (${r.comparison.reason}); B against A: ${relativeText(r.speedup)}`);
  } else {
    const [fast, slow, ratio] = r.speedup.ratio >= 1 ? (['B', 'A', r.speedup] as const) : (['A', 'B', speedup(r.b.record.latency!, r.a.record.latency!)] as const);
    out.push(`  ${fast} ran ${relativeText(ratio).replace(/ faster$/, '')} faster than ${slow} (${r.comparison.reason})`);
  }
  return out.join('\n');
}
