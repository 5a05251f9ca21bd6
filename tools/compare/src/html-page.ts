/**
 * The self-contained HTML report: the summary as tables plus Chart.js charts, with the library and the data inlined,
 * so the file opens anywhere without a network. `document.body.dataset.chartsRendered` counts the charts drawn.
 */
import { fixed } from '@modelbench/core';
import { cellText, scenarioOf, type CellView } from './cell-view.ts';
import { latencyChartId, type ChartSpec } from './chart-data.ts';
import { isXYChart, type AnyChartSpec } from './sweep-charts.ts';
import { showsScaling, type SweepWorkload } from './sweep.ts';
import { PAGE_SCRIPT } from './page-script.ts';
import { SCALING_HEAD, scalingRows, SERVER_HEAD, serverRows, SWEEP_NOTE } from './sweep-tables.ts';
import type { ChartLibrary } from './chart-library.ts';
import type { Summary, WorkloadSummary } from './summary.ts';
import type { ScenarioRanking } from './scenario-ranking.ts';
import { SCENARIO_RANKING_NOTE, scenarioHead, scenarioRows, scenarioSentence } from './scenario-ranking-text.ts';
import { CELL_TABLE_HEAD, cellRow, RANKING_NOTE, winnerSentence } from './markdown.ts';
import type { Provenance } from './provenance.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);
}

/** JSON inside a <script> element: `<` escaped so no value can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function markdownInline(s: string): string {
  return escapeHtml(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
}

function table(w: WorkloadSummary, s: Summary): string {
  const rows = w.cells.map((r) => {
    const cells = cellRow(r, w, s.parts);
    return `<tr>${cells.map((c, i) => `<td${i > 1 ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`;
  });
  return `<table><thead><tr>${CELL_TABLE_HEAD.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Where the figures come from: commit, versions, machine, and each cell's command line and load. */
export function provenanceSection(p: Provenance): string {
  if (p.cells.length === 0) return '';
  const facts = p.facts.map((f) => `<li>${escapeHtml(f.label)}: ${f.values.map((v) => `<code>${escapeHtml(v)}</code>`).join(', ')}</li>`).join('');
  const rows = p.cells.map((c) =>
    `<tr><td>${escapeHtml(c.cell)}</td><td>${escapeHtml(c.startedAt)}</td><td>${escapeHtml(c.load ?? '-')}</td><td>${c.stealPercent === null ? '-' : escapeHtml(`${c.stealPercent.toFixed(1)} %`)}</td><td><code>${escapeHtml(c.commandLine)}</code></td></tr>`,
  );
  return `<section id="provenance"><h2>Provenance</h2><ul>${facts}</ul><table class="settings"><thead><tr><th>cell</th><th>started (UTC)</th><th>load 1 min before → after</th><th>steal</th><th>command line</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

/** How every measured cell ran: timed iterations, warm-up, batch, threads, runtime and version, start time, machine. */
export function settingsTable(s: Summary, scenarioCells: readonly CellView[] = []): string {
  const head = ['cell', 'started (UTC)', 'iterations', 'warm-up', 'batch', 'threads', 'runtime', 'machine'];
  const row = (cells: string[]): string => `<tr>${cells.map((x) => `<td>${escapeHtml(x)}</td>`).join('')}</tr>`;
  // a scenario runs to its minima: its "iterations" are its queries, its warm-up the calls of each instance
  const scenarioRows = scenarioCells.map((c) => {
    const sc = scenarioOf(c.record)!;
    const b = c.record.backend;
    return row([
      `${c.workload} ${cellText(c, s.parts)}`,
      c.record.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
      `${sc.totals.queries} quer${sc.totals.queries === 1 ? 'y' : 'ies'}`,
      `${sc.warmup.callsPerInstance} calls/instance`,
      String(sc.settings.batch),
      `${sc.settings.instances} × ${sc.settings.threadsPerInstance}`,
      b ? `${b.runtime} ${b.runtimeVersion}` : '-',
      c.machine,
    ]);
  });
  const rows = s.workloads.flatMap((w) =>
    w.cells.map((r) => {
      const rec = r.cell.record;
      const c = rec.config;
      const warm = c ? `${c.warmupIterations}${c.warmupMs > 0 ? ` + ${fixed(c.warmupMs, 0)} ms` : ''}` : '-';
      const cells = [
        `${w.workload} ${cellText(r.cell, s.parts)}`,
        rec.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
        String(rec.latency?.samples ?? c?.iterations ?? '-'),
        warm,
        String(c?.batch ?? '-'),
        String(c?.threads ?? '-'),
        rec.backend ? `${rec.backend.runtime} ${rec.backend.runtimeVersion}` : '-',
        r.cell.machine,
      ];
      return `<tr>${cells.map((x) => `<td>${escapeHtml(x)}</td>`).join('')}</tr>`;
    }),
  );
  rows.push(...scenarioRows);
  if (rows.length === 0) return '';
  return `<section><h2>Run settings</h2><table class="settings"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function section(w: WorkloadSummary, s: Summary, chart: ChartSpec | undefined): string {
  const parts = [`<section><h2>${escapeHtml(w.workload)}${w.batch !== null ? ` — batch ${w.batch}` : ''}</h2>`, `<p>${markdownInline(winnerSentence(w, s.parts))}</p>`];
  if (chart) parts.push(`<div class="chart"><canvas id="${chart.id}" role="img" aria-label="${escapeHtml(chart.title)}"></canvas></div>`);
  if (w.cells.length) parts.push(table(w, s));
  if (w.notMeasured.length) {
    const items = w.notMeasured.map((c) => `<li>${escapeHtml(`${cellText(c, s.parts)} — ${c.status}${c.record.error ? ` [${c.record.error.code}]: ${c.record.error.message}` : ''}`)}</li>`);
    parts.push(`<details><summary>Not measured (${w.notMeasured.length})</summary><ul>${items.join('')}</ul></details>`);
  }
  for (const warning of w.warnings) parts.push(`<p class="warning">⚠ ${escapeHtml(warning)}</p>`);
  parts.push('</section>');
  return parts.join('\n');
}

const canvas = (c: AnyChartSpec, tall = false): string =>
  `<div class="chart${tall ? ' tall' : ''}"><canvas id="${c.id}" role="img" aria-label="${escapeHtml(c.title)}"></canvas></div>`;

function textTable(head: string[], rows: string[][]): string {
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${i ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`);
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

/** Scenario cells ranked on MLPerf's metric (scenario-ranking.ts): per workload and scenario, its sentence and table. */
export function scenarioRankingSection(rankings: readonly ScenarioRanking[], s: Summary): string {
  if (rankings.length === 0) return '';
  const parts = rankings.map((r) => `<p>${markdownInline(scenarioSentence(r, s.parts))}</p>${textTable(scenarioHead(r), scenarioRows(r, s.parts))}`);
  return `<section><h2>Scenario ranking (MLPerf's metric)</h2><p>${escapeHtml(SCENARIO_RANKING_NOTE)}</p>${parts.join('\n')}</section>`;
}

/** Per workload: throughput against cores with its tables, the server curve, the latency CDFs. */
export function sweepSection(sweep: readonly SweepWorkload[], charts: readonly AnyChartSpec[]): string {
  const parts: string[] = [];
  sweep.forEach((w, i) => {
    const mine = charts.filter((c) => c.id.endsWith(`-${i}`) && (c.kind === 'throughput' || c.kind === 'server' || c.kind === 'cdf'));
    if (mine.length === 0) return;
    parts.push(`<h3>${escapeHtml(w.workload)}</h3>`);
    const throughput = mine.find((c) => c.kind === 'throughput');
    if (throughput && showsScaling(w)) {
      parts.push(canvas(throughput));
      for (const g of w.scaling) parts.push(`<p><strong>${escapeHtml(g.label)}</strong> — baseline ${escapeHtml(g.baseline)}</p>`, textTable(SCALING_HEAD, scalingRows(g)));
    }
    const server = mine.find((c) => c.kind === 'server');
    if (server) {
      parts.push(canvas(server));
      for (const s of w.server) parts.push(`<p><strong>${escapeHtml(s.label)}</strong> — ${s.from === 'find-peak' ? 'find-peak probes' : 'one cell per target QPS'}</p>`, textTable(SERVER_HEAD, serverRows(s)));
    }
    for (const c of mine.filter((x) => x.kind === 'cdf')) parts.push(canvas(c));
  });
  if (parts.length === 0) return '';
  return `<section><h2>Scaling sweep and latency distributions</h2><p>${escapeHtml(SWEEP_NOTE)}</p>${parts.join('\n')}</section>`;
}


const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1100px; padding: 0 16px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; }
.chart { position: relative; height: 340px; margin: 12px 0; }
.chart.tall { height: 420px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.warning { color: #8a5300; background: #fff6e0; padding: 6px 10px; border-left: 3px solid #e0a000; }
footer { margin-top: 40px; color: #777; font-size: 12px; }
`;

export function renderHtmlPage(
  s: Summary,
  charts: readonly AnyChartSpec[],
  lib: ChartLibrary,
  generatedAt: Date = new Date(),
  sweep: readonly SweepWorkload[] = [],
  origin: Provenance = { facts: [], cells: [] },
  scenarios: readonly ScenarioRanking[] = [],
): string {
  const bars = charts.filter((c): c is ChartSpec => !isXYChart(c));
  const sections = s.workloads.map((w, i) => section(w, s, bars.find((c) => c.id === latencyChartId(i))));
  const operators = bars.filter((c) => c.kind === 'operators');
  const scenarioCells = sweep.flatMap((w) => w.scenarioCells);
  const opSection = operators.length
    ? `<section><h2>Operator types</h2><p>From onnxruntime's profile (warm-up runs dropped), milliseconds per run.</p>${operators
        .map((c) => `<div class="chart tall"><canvas id="${c.id}" role="img" aria-label="${escapeHtml(c.title)}"></canvas></div>`)
        .join('\n')}</section>`
    : '<section><h2>Operator types</h2><p>No cell was profiled (run the matrix with --profiling for this breakdown).</p></section>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>modelbench — which backend and precision wins</title><style>${STYLE}</style></head>
<body>
<h1>modelbench — which backend and precision wins</h1>
<p>Machines: ${s.machines.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ')}</p>
<p>${escapeHtml(RANKING_NOTE)}</p>
<ul>${s.workloads.map((w) => `<li>${markdownInline(winnerSentence(w, s.parts))}</li>`).join('')}</ul>
${sections.join('\n')}
${scenarioRankingSection(scenarios, s)}
${sweepSection(sweep, charts)}
${opSection}
${settingsTable(s, scenarioCells)}
${provenanceSection(origin)}
<footer>Generated ${escapeHtml(generatedAt.toISOString())} by @modelbench/compare; charts by ${escapeHtml(lib.name)} ${escapeHtml(lib.version)} (MIT), inlined.</footer>
<script type="application/json" id="chart-data">${scriptJson(charts)}</script>
<script>${lib.source}</script>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}
