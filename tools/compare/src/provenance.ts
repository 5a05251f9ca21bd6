/**
 * Where the figures of a report come from, read from the records themselves: the git commit(s) and versions that
 * measured them, the machine (CPU, cores, OS, container), the load around each run (1-minute load average before and
 * after, CPU steal) and each cell's command line. Values shared by every cell are said once.
 */
import type { RunRecord } from '@modelbench/core';
import type { CellView } from './cell-view.ts';

export interface ProvenanceFact {
  label: string;
  /** the distinct values, in first-seen order */
  values: string[];
}

export interface CellProvenance {
  cell: string;
  startedAt: string;
  commandLine: string;
  /** `0.42 → 1.10` (1-minute load average before → after); null where not recorded */
  load: string | null;
  stealPercent: number | null;
}

export interface Provenance {
  facts: ProvenanceFact[];
  cells: CellProvenance[];
}

const distinct = (xs: readonly string[]): string[] => [...new Set(xs)];

function gitText(r: RunRecord): string {
  const g = r.environment.software.git;
  return g ? `${g.commit}${g.dirty ? ' (uncommitted changes)' : ''}` : 'not a git checkout';
}

/** A shell-like command line: node's path shortened to `node`, arguments with spaces or quotes quoted. */
export function commandLine(argv: readonly string[]): string {
  if (argv.length === 0) return '(not recorded)';
  const quote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return ['node', ...argv.slice(1)].map((a, i) => (i === 0 ? a : quote(a))).join(' ');
}

function loadText(r: RunRecord): string | null {
  const { before, after } = r.environment.load;
  if (!before && !after) return null;
  const one = (s: typeof before): string => (s ? s.loadAverage[0].toFixed(2) : '?');
  return `${one(before)} → ${one(after)}`;
}

export function provenance(cells: readonly CellView[], label: (c: CellView) => string): Provenance {
  const records = cells.map((c) => c.record);
  const e = (f: (r: RunRecord) => string): string[] => distinct(records.map(f));
  const facts: ProvenanceFact[] = [
    { label: 'git commit', values: e(gitText) },
    { label: 'modelbench', values: e((r) => r.environment.software.modelbenchVersion ?? 'unknown') },
    { label: 'onnxruntime-node', values: e((r) => r.environment.software.onnxruntime.nodeVersion ?? 'not installed') },
    { label: 'runtime of the cells', values: e((r) => (r.backend ? `${r.backend.runtime} ${r.backend.runtimeVersion}` : '-')).filter((v) => v !== '-') },
    { label: 'Node.js', values: e((r) => r.environment.node) },
    { label: 'CPU', values: e((r) => `${r.environment.cpu.model} (${r.environment.cpu.arch}, ${r.environment.cpu.physicalCores} physical / ${r.environment.cpu.logicalCores} logical cores)`) },
    { label: 'host', values: e((r) => r.environment.hostname) },
    { label: 'OS', values: e((r) => r.environment.os.distribution?.prettyName ?? `${r.environment.os.type} ${r.environment.os.release}`) },
    { label: 'container', values: e((r) => r.environment.virtualization.container ?? 'none detected') },
  ].filter((f) => f.values.length > 0);
  return {
    facts,
    cells: cells.map((c) => ({
      cell: label(c),
      startedAt: c.record.startedAt,
      commandLine: commandLine(c.record.environment.software.argv),
      load: loadText(c.record),
      stealPercent: c.record.environment.load.stealPercent,
    })),
  };
}

/** The block as Markdown: the shared facts as a list, then a table of each cell's command line and load. */
export function provenanceMarkdown(p: Provenance): string[] {
  if (p.cells.length === 0) return [];
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const out = ['## Provenance', ''];
  for (const f of p.facts) out.push(`- ${f.label}: ${f.values.map((v) => `\`${v}\``).join(', ')}`);
  out.push('', '| cell | started (UTC) | load 1 min before → after | steal | command line |', '|---|---|---|---|---|');
  for (const c of p.cells) {
    const steal = c.stealPercent === null ? '-' : `${c.stealPercent.toFixed(1)} %`;
    out.push(`| ${esc(c.cell)} | ${c.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')} | ${c.load ?? '-'} | ${steal} | \`${esc(c.commandLine)}\` |`);
  }
  out.push('');
  return out;
}
