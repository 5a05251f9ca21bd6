/**
 * Load-scenario cells ranked on MLPerf's metric, the record's `scenario.headline` (loadgen headline.ts): per workload
 * and scenario, the cells with a headline value in its `better` direction (single- and multi-stream: the
 * early-stopping estimate, lower is better; server: completed samples per second, offline: samples per second,
 * higher is better), VALID runs ahead of INVALID ones (an INVALID run is no MLPerf result). The plain percentile is
 * carried beside it but never decides the order. Each cell is one run: the figure has no interval, so there is no
 * significance test here, only the order. Emulated bf16 and the null backend are listed, never ranked, as in summary.ts;
 * a cell without a figure (too few queries for the estimate, or a record written before the headline existed) is
 * listed with the reason.
 */
import type { CellView } from './cell-view.ts';
import { scenarioOf } from './cell-view.ts';
import type { ScenarioName } from './cell.ts';
import { notRankedReason } from './summary.ts';

/** `scenario.headline` as the record carries it (core's HeadlineSchema). */
export interface Headline {
  mlperfName: string;
  mlperfKey: string;
  value: number | null;
  unit: 'ms' | 'samples/s';
  better: 'lower' | 'higher';
  plain: { name: string; value: number | null; unit: 'ms' } | null;
  missing?: string;
}

export interface RankedScenarioCell {
  cell: CellView;
  headline: Headline | null;
  verdict: 'VALID' | 'INVALID' | null;
  /** 1-based place among the ranked cells; null when not ranked */
  place: number | null;
  notRankedReason: string | null;
}

export interface ScenarioRanking {
  workload: string;
  scenario: ScenarioName;
  /** the figure the cells are ranked on (from the first cell with a headline); null when no cell has one */
  mlperfName: string | null;
  mlperfKey: string | null;
  unit: 'ms' | 'samples/s' | null;
  better: 'lower' | 'higher' | null;
  /** ranked cells in order, then the listed ones */
  cells: RankedScenarioCell[];
  /** the first ranked cell, VALID or not */
  best: RankedScenarioCell | null;
}

const SCENARIO_ORDER: readonly ScenarioName[] = ['single-stream', 'multi-stream', 'server', 'offline'];

/** The record's headline, or null for the plain loop and for records written before it existed. */
export function headlineOf(c: CellView): Headline | null {
  const sc = scenarioOf(c.record) as unknown as { headline?: Headline } | null;
  return sc?.headline ?? null;
}

function whyNotRanked(c: CellView, h: Headline | null): string | null {
  const own = notRankedReason(c);
  if (own) return own;
  if (!h) return 'the record has no MLPerf headline (written before it was recorded)';
  if (h.value === null) return `no ${h.mlperfName}: ${h.missing ?? 'not computed'}`;
  return null;
}

function rankGroup(workload: string, scenario: ScenarioName, members: readonly CellView[]): ScenarioRanking {
  const rows = members.map((cell): RankedScenarioCell => {
    const headline = headlineOf(cell);
    const verdict = scenarioOf(cell.record)?.validity.verdict ?? null;
    return { cell, headline, verdict, place: null, notRankedReason: whyNotRanked(cell, headline) };
  });
  const first = rows.find((r) => r.headline !== null)?.headline ?? null;
  const sign = first?.better === 'higher' ? -1 : 1;
  const ranked = rows
    .filter((r) => r.notRankedReason === null)
    .sort((a, b) => Number(a.verdict !== 'VALID') - Number(b.verdict !== 'VALID') || sign * (a.headline!.value! - b.headline!.value!));
  ranked.forEach((r, i) => (r.place = i + 1));
  const listed = rows.filter((r) => r.notRankedReason !== null);
  return {
    workload,
    scenario,
    mlperfName: first?.mlperfName ?? null,
    mlperfKey: first?.mlperfKey ?? null,
    unit: first?.unit ?? null,
    better: first?.better ?? null,
    cells: [...ranked, ...listed],
    best: ranked[0] ?? null,
  };
}

/** One ranking per workload and scenario among the measured scenario cells, workloads in name order. */
export function rankScenarioCells(all: readonly CellView[]): ScenarioRanking[] {
  const measured = all.filter((c) => c.status === 'ok' && c.scenario !== null && scenarioOf(c.record) !== null);
  const out: ScenarioRanking[] = [];
  for (const workload of [...new Set(measured.map((c) => c.workload))].sort()) {
    for (const scenario of SCENARIO_ORDER) {
      const members = measured.filter((c) => c.workload === workload && c.scenario === scenario);
      if (members.length) out.push(rankGroup(workload, scenario, members));
    }
  }
  return out;
}
