/**
 * `compare A B` on a load-scenario cell: B's change against A in MLPerf's metric (the record's scenario.headline),
 * not in the plain loop's batch latency. A run holds one such figure and no spread, so there is no t-test: the change
 * counts as better or worse only from `minChangePercent` on (the same 2 % rule as verdict.ts), and the reason says so.
 * "faster" means better in the headline's direction (a lower estimate, more samples per second).
 */
import { fixed } from '@modelbench/core';
import type { CellView } from './cell-view.ts';
import { headlineOf, type Headline } from './scenario-ranking.ts';
import type { Speedup } from './speedup.ts';
import type { LatencyComparison } from './verdict.ts';

/** Both cells' headlines when both are scenario cells with a figure of the same metric; otherwise null. */
export function comparableHeadlines(a: CellView, b: CellView): { a: Headline; b: Headline } | null {
  const ha = a.status === 'ok' ? headlineOf(a) : null;
  const hb = b.status === 'ok' ? headlineOf(b) : null;
  if (!ha || !hb || ha.value === null || hb.value === null || ha.mlperfKey !== hb.mlperfKey || !(ha.value > 0)) return null;
  return { a: ha, b: hb };
}

export function compareHeadlines(a: Headline, b: Headline, minChangePercent: number): LatencyComparison {
  const changePercent = ((b.value! - a.value!) / a.value!) * 100;
  const better = a.better === 'lower' ? changePercent < 0 : changePercent > 0;
  const what = `MLPerf's ${a.mlperfName} (${a.better} is better), one figure per run: no test`;
  const base = { changePercent, spreadPercent: 0, t: null, degreesOfFreedom: null, tCritical: null };
  if (Math.abs(changePercent) < minChangePercent) return { ...base, verdict: 'no significant change', reason: `${what}; ${fixed(Math.abs(changePercent), 2)} % is under ${minChangePercent} %` };
  return { ...base, verdict: better ? 'faster' : 'slower', reason: `${what}; |change| ≥ ${minChangePercent} %` };
}

/** A's figure over B's in the better direction (above 1: B is better), with no interval. */
export function headlineSpeedup(a: Headline, b: Headline): Speedup {
  return { ratio: a.better === 'lower' ? a.value! / b.value! : b.value! / a.value!, halfWidth95: null, degreesOfFreedom: null };
}

/** `64.29 ms Early stopping 90th percentile estimate (p90 latency 53.99 ms)` */
export function headlineStat(h: Headline): string {
  const plain = h.plain && h.plain.value !== null ? ` (${h.plain.name} ${fixed(h.plain.value, 2)} ms)` : '';
  return `${h.value === null ? '-' : fixed(h.value, 2)} ${h.unit} ${h.mlperfName}${plain}`;
}
