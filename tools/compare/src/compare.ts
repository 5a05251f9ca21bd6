/**
 * `compare A B`: the same cells of two runs side by side, with the change of mean latency per cell and a noise-aware
 * verdict (see verdict.ts for the rule). Cells are matched on workload, backend, precision, threads and batch — not on
 * the machine, so two machines compare too.
 */
import { fixed, renderTable } from '@modelbench/core';
import { precisionText, scenarioOf, type CellView } from './cell-view.ts';
import { compareHeadlines, comparableHeadlines, headlineSpeedup, headlineStat } from './headline-compare.ts';
import { headlineOf } from './scenario-ranking.ts';
import { formatSpeedup, meanHalfWidth95, speedup, type Speedup } from './speedup.ts';
import { compareLatency, DEFAULT_MIN_CHANGE_PERCENT, type LatencyComparison } from './verdict.ts';

export interface ComparedCell {
  key: string;
  a: CellView;
  b: CellView;
  comparison: LatencyComparison | null;
  /** A's mean over B's with its 95 % interval: above 1 means B is faster */
  speedup: Speedup | null;
  /** why there is no comparison: one side did not measure the cell */
  notComparable: string | null;
}

export interface CompareResult {
  pairs: ComparedCell[];
  onlyA: CellView[];
  onlyB: CellView[];
  machinesA: string[];
  machinesB: string[];
}

export function cellKey(c: CellView): string {
  const sc = scenarioOf(c.record);
  // a scenario cell is another cell than the plain loop's of the same batch: its scenario, instances and server rate too
  const scenario = c.scenario ? ` ${c.scenario} ×${c.instances}${c.scenario === 'server' && typeof sc?.totals.targetQps === 'number' && !sc.findPeak ? ` @ ${sc.totals.targetQps} QPS` : ''}` : '';
  return `${c.workload} ${c.backend} ${precisionText(c)}${c.threads !== null ? ` ${c.threads}t` : ''}${c.batch !== null ? ` b${c.batch}` : ''}${scenario}`;
}

/** One cell per key; when a side measured a cell twice, its latest measured record counts. */
function byKey(cells: readonly CellView[]): Map<string, CellView> {
  const m = new Map<string, CellView>();
  const rank = (c: CellView): string => `${c.status === 'ok' ? 1 : 0}|${c.record.startedAt}`;
  for (const c of cells) {
    const k = cellKey(c);
    const seen = m.get(k);
    if (!seen || rank(c) > rank(seen)) m.set(k, c);
  }
  return m;
}

const why = (c: CellView): string => `${c.status}${c.record.error ? ` [${c.record.error.code}]` : ''}`;

export function compareRuns(a: readonly CellView[], b: readonly CellView[], minChangePercent = DEFAULT_MIN_CHANGE_PERCENT): CompareResult {
  const ma = byKey(a);
  const mb = byKey(b);
  const pairs: ComparedCell[] = [];
  for (const [key, ca] of ma) {
    const cb = mb.get(key);
    if (!cb) continue;
    const la = ca.status === 'ok' ? ca.record.latency : null;
    const lb = cb.status === 'ok' ? cb.record.latency : null;
    const notComparable = !la ? `A: ${why(ca)}` : !lb ? `B: ${why(cb)}` : null;
    // scenario cells: on MLPerf's metric (headline-compare.ts); a side without the figure is not comparable
    if (ca.scenario && cb.scenario) {
      const h = comparableHeadlines(ca, cb);
      const side = (c: CellView, name: string): string | null => (c.status !== 'ok' ? `${name}: ${why(c)}` : headlineOf(c)?.value === undefined || headlineOf(c)?.value === null ? `${name}: no MLPerf headline` : null);
      const missing = side(ca, 'A') ?? side(cb, 'B') ?? 'A and B carry different MLPerf metrics';
      pairs.push({ key, a: ca, b: cb, comparison: h ? compareHeadlines(h.a, h.b, minChangePercent) : null, speedup: h ? headlineSpeedup(h.a, h.b) : null, notComparable: h ? null : missing });
      continue;
    }
    pairs.push({ key, a: ca, b: cb, comparison: la && lb ? compareLatency(la, lb, minChangePercent) : null, speedup: la && lb ? speedup(la, lb) : null, notComparable });
  }
  return {
    pairs: pairs.sort((x, y) => x.key.localeCompare(y.key)),
    onlyA: [...ma.values()].filter((c) => !mb.has(cellKey(c))),
    onlyB: [...mb.values()].filter((c) => !ma.has(cellKey(c))),
    machinesA: [...new Set(a.map((c) => c.machine))],
    machinesB: [...new Set(b.map((c) => c.machine))],
  };
}

const stat = (c: CellView): string => {
  const headline = c.status === 'ok' && c.scenario ? headlineOf(c) : null;
  if (headline) return headlineStat(headline);
  const l = c.record.latency;
  if (!l) return why(c);
  const h = meanHalfWidth95(l.sdMs, l.samples);
  return `${fixed(l.meanMs, 2)}${h === null ? '' : ` ± ${fixed(h, 2)}`} (n ${l.samples})`;
};

/** `1.11 ± 0.02× faster` (B against A), hyperfine's way round: the ratio is always ≥ 1. */
export function relativeText(s: Speedup | null): string {
  if (!s) return '-';
  if (s.ratio >= 1) return `${formatSpeedup(s)} faster`;
  const inverse = { ratio: 1 / s.ratio, halfWidth95: s.halfWidth95 === null ? null : s.halfWidth95 / (s.ratio * s.ratio), degreesOfFreedom: s.degreesOfFreedom };
  return `${formatSpeedup(inverse)} slower`;
}

export function renderComparison(r: CompareResult, nameA: string, nameB: string): string {
  const out: string[] = [`A = ${nameA}: ${r.machinesA.join(', ')}`, `B = ${nameB}: ${r.machinesB.join(', ')}`, ''];
  const rows = r.pairs.map((p) => [
    p.key,
    stat(p.a),
    stat(p.b),
    p.comparison ? `${p.comparison.changePercent >= 0 ? '+' : ''}${fixed(p.comparison.changePercent, 1)} %` : '-',
    relativeText(p.speedup),
    p.comparison ? p.comparison.verdict : `not comparable (${p.notComparable})`,
    p.comparison ? p.comparison.reason : '',
  ]);
  out.push(renderTable(['cell', 'A mean ± 95 % ms (scenario: MLPerf metric)', 'B mean ± 95 % ms (scenario: MLPerf metric)', 'change', 'B against A (95 %)', 'verdict', 'why'], rows, ['left', 'right', 'right', 'right', 'right', 'left', 'left']));
  const count = (v: string): number => r.pairs.filter((p) => p.comparison?.verdict === v).length;
  out.push('', `${count('faster')} faster, ${count('slower')} slower, ${count('no significant change')} no significant change (B against A)`);
  if (r.onlyA.length) out.push(`only in A: ${r.onlyA.map(cellKey).join('; ')}`);
  if (r.onlyB.length) out.push(`only in B: ${r.onlyB.map(cellKey).join('; ')}`);
  return out.join('\n');
}
