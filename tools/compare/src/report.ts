/** A report from one or several runs: the Markdown summary, the CSV of every cell and the HTML page with charts. */
import { join } from 'node:path';
import { writeFileAtomic } from '@modelbench/core';
import { chartSpecs } from './chart-data.ts';
import { chartLibrary } from './chart-library.ts';
import { cellText, toCellView, type CellView } from './cell-view.ts';
import { provenance } from './provenance.ts';
import { renderCsv } from './csv.ts';
import { renderHtmlPage } from './html-page.ts';
import type { LoadedRecord } from './load-records.ts';
import { renderMarkdownSummary } from './markdown.ts';
import { rankScenarioCells, type ScenarioRanking } from './scenario-ranking.ts';
import { summarizeCells, type Summary } from './summary.ts';
import { showsScaling, sweepWorkloads, type SweepWorkload } from './sweep.ts';
import { sweepChartSpecs } from './sweep-charts.ts';

export interface Report {
  cells: CellView[];
  summary: Summary;
  /** the scaling sweep's figures per workload (scenario and plain cells alike) */
  sweep: SweepWorkload[];
  /** the load-scenario cells ranked on MLPerf's metric (scenario.headline), per workload and scenario */
  scenarios: ScenarioRanking[];
  markdown: string;
  csv: string;
  html: string;
}

export const REPORT_FILES = { markdown: 'report.md', csv: 'cells.csv', html: 'report.html' } as const;

export function buildReport(loaded: readonly LoadedRecord[], generatedAt: Date = new Date()): Report {
  const cells = loaded.filter((l) => l.record.mode === 'performance').map(toCellView);
  const summary = summarizeCells(cells);
  const sweep = sweepWorkloads(cells, summary.parts);
  const scenarios = rankScenarioCells(cells);
  const charts = [...chartSpecs(summary, cells), ...sweepChartSpecs(sweep, showsScaling)];
  return {
    cells,
    summary,
    sweep,
    scenarios,
    markdown: renderMarkdownSummary(summary, undefined, sweep, cells, scenarios),
    csv: renderCsv(cells),
    html: renderHtmlPage(summary, charts, chartLibrary(), generatedAt, sweep, provenance(cells, (c) => `${c.workload} ${cellText(c, summary.parts)}`), scenarios),
  };
}

export function writeReport(report: Report, outDir: string): { markdown: string; csv: string; html: string } {
  const paths = {
    markdown: join(outDir, REPORT_FILES.markdown),
    csv: join(outDir, REPORT_FILES.csv),
    html: join(outDir, REPORT_FILES.html),
  };
  writeFileAtomic(paths.markdown, report.markdown);
  writeFileAtomic(paths.csv, report.csv);
  writeFileAtomic(paths.html, report.html);
  return paths;
}
