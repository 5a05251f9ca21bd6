/** `report RESULTS...`: Markdown, CSV and HTML from one or several results folders or record files. */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { BenchError, parseCommandLine, renderUsage, type FlagSpecs } from '@modelbench/core';
import { loadRecords } from './load-records.ts';
import { winnerSentence } from './markdown.ts';
import { buildReport, writeReport } from './report.ts';

export const reportFlags = {
  out: { kind: 'string', value: 'DIR', description: 'where report.md, cells.csv and report.html go (default: the results folder when there is one, else reports/<timestamp>)' },
} as const satisfies FlagSpecs;

export async function reportMain(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write(renderUsage('report RESULTS...', reportFlags) + '\n');
    return 0;
  }
  const { flags, positionals } = parseCommandLine(argv, reportFlags, 'report');
  if (positionals.length === 0) throw new BenchError('USAGE', 'report: no results given', { hint: 'usage: report results/<timestamp> [more folders or record files] [--out DIR]' });
  const report = buildReport(loadRecords(positionals));
  const single = positionals.length === 1 && statSync(positionals[0] as string).isDirectory() ? positionals[0] : undefined;
  const outDir = resolve(flags.out ?? single ?? `reports/${new Date().toISOString().replace(/\.\d+Z$/, '').replace(/:/g, '-')}`);
  const paths = writeReport(report, outDir);
  process.stdout.write(report.summary.workloads.map((w) => winnerSentence(w, report.summary.parts).replace(/\*\*/g, '')).join('\n') + '\n');
  for (const w of report.summary.workloads) for (const warning of w.warnings) process.stdout.write(`warning (${w.workload}): ${warning}\n`);
  process.stdout.write(`report: ${paths.markdown}\n        ${paths.csv}\n        ${paths.html}\n`);
  return 0;
}
