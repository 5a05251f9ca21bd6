/** The scenario ranking (scenario-ranking.ts) as text: one sentence per workload and scenario, and its table. */
import { fixed, renderMarkdownTable } from '@modelbench/core';
import { cellText, type LabelParts } from './cell-view.ts';
import type { Headline, RankedScenarioCell, ScenarioRanking } from './scenario-ranking.ts';

const unitText = (u: Headline['unit']): string => (u === 'ms' ? 'ms' : 'samples/s');

/** `64.29 ms` / `9.90 samples/s`, or `-`. */
export function headlineValueText(h: Headline | null): string {
  return h && h.value !== null ? `${fixed(h.value, 2)} ${unitText(h.unit)}` : '-';
}

/** `p90 latency 53.99 ms`, or null where the scenario has none (offline) or it was not computed. */
export function plainText(h: Headline | null): string | null {
  return h?.plain && h.plain.value !== null ? `${h.plain.name} ${fixed(h.plain.value, 2)} ms` : null;
}

/** The table's headline column: MLPerf's name, unit, direction and the submission checker's key. */
export function headlineColumn(r: ScenarioRanking): string {
  if (!r.mlperfName) return 'MLPerf metric';
  return `${r.mlperfName}, ${unitText(r.unit!)} (${r.better} is better; ${r.mlperfKey})`;
}

/** The plain percentile's column: its name when every cell shares it. */
export function plainColumn(r: ScenarioRanking): string {
  const names = [...new Set(r.cells.map((c) => c.headline?.plain?.name).filter((n): n is string => !!n))];
  return names.length === 1 ? `plain ${names[0]}, ms (not ranked on)` : 'plain percentile, ms (not ranked on)';
}

const validityText = (c: RankedScenarioCell): string => c.verdict ?? '-';

export function scenarioSentence(r: ScenarioRanking, parts: LabelParts): string {
  const head = `**${r.workload} ${r.scenario}**`;
  if (!r.best) return `${head}: no cell to rank (${r.cells[0]?.notRankedReason ?? 'none measured'}).`;
  const b = r.best;
  const plain = plainText(b.headline);
  const fig = `MLPerf's ${r.mlperfName} ${headlineValueText(b.headline)}${plain ? ` (the plain ${plain})` : ''}`;
  const ranked = r.cells.filter((c) => c.place !== null);
  const next = ranked[1];
  const runner = next ? `; next ${cellText(next.cell, parts)} ${headlineValueText(next.headline)}` : '; the only ranked cell';
  if (b.verdict !== 'VALID') return `${head}: no VALID run; the best INVALID figure is **${cellText(b.cell, parts)}** — ${fig}${runner}.`;
  return `${head}: best **${cellText(b.cell, parts)}** — ${fig}, VALID${runner} (one run each: no interval, ranked on the figure alone).`;
}

export function scenarioRows(r: ScenarioRanking, parts: LabelParts): string[][] {
  return r.cells.map((c) => [
    c.place === null ? 'not ranked' : String(c.place),
    cellText(c.cell, parts) + (c.notRankedReason ? ` (${c.notRankedReason})` : ''),
    headlineValueText(c.headline),
    c.headline?.plain && c.headline.plain.value !== null ? fixed(c.headline.plain.value, 2) : '-',
    validityText(c),
  ]);
}

export function scenarioHead(r: ScenarioRanking): string[] {
  return ['rank', 'cell', headlineColumn(r), plainColumn(r), 'validity'];
}

export const SCENARIO_RANKING_NOTE =
  'Load-scenario cells are ranked per workload and scenario on MLPerf\'s metric (the record\'s scenario.headline, the field the submission ' +
  'checker reads): single- and multi-stream on the early-stopping percentile estimate (lower is better), server on completed samples ' +
  'per second and offline on samples per second (higher is better), VALID runs ahead of INVALID ones. The plain percentile is shown ' +
  'beside it and does not decide the order.';

export function scenarioRankingMarkdown(rankings: readonly ScenarioRanking[], parts: LabelParts): string[] {
  if (rankings.length === 0) return [];
  const out = ['## Scenario ranking (MLPerf\'s metric)', '', SCENARIO_RANKING_NOTE, ''];
  for (const r of rankings) {
    out.push(scenarioSentence(r, parts), '', renderMarkdownTable(scenarioHead(r), scenarioRows(r, parts), ['left', 'left', 'right', 'right', 'left']), '');
  }
  return out;
}
