/** `compare A B`: per cell, B's change against A with a noise-aware verdict. */
import { BenchError, parseCommandLine, renderUsage, type FlagSpecs } from '@modelbench/core';
import { toCellView } from './cell-view.ts';
import { compareRuns, renderComparison } from './compare.ts';
import { loadRecords } from './load-records.ts';
import { compareTwoCells, onlyMeasuredCell, renderTwoCells } from './two-cells.ts';
import { DEFAULT_MIN_CHANGE_PERCENT } from './verdict.ts';

export const compareFlags = {
  'min-change': { kind: 'positiveNumber', value: 'PERCENT', default: DEFAULT_MIN_CHANGE_PERCENT, description: 'smallest change called faster or slower' },
  'fail-on-slower': { kind: 'boolean', description: 'exit 1 when any cell is slower (for CI)' },
} as const satisfies FlagSpecs;

export async function compareMain(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write(renderUsage('compare A B', compareFlags) + '\n');
    return 0;
  }
  const { flags, positionals } = parseCommandLine(argv, compareFlags, 'compare');
  if (positionals.length !== 2) {
    throw new BenchError('USAGE', `compare: expected two runs (A and B), got ${positionals.length}`, { hint: 'usage: compare A.json|DIR B.json|DIR [--min-change PERCENT]' });
  }
  const [a, b] = positionals as [string, string];
  const cellsA = loadRecords([a]).map(toCellView);
  const cellsB = loadRecords([b]).map(toCellView);
  const result = compareRuns(cellsA, cellsB, flags['min-change']);
  if (result.pairs.length === 0) {
    // two different cells (one measured record on each side): hyperfine's side-by-side comparison
    const [one, other] = [onlyMeasuredCell(cellsA), onlyMeasuredCell(cellsB)];
    if (one && other) {
      const two = compareTwoCells(one, other, flags['min-change']);
      process.stdout.write(renderTwoCells(two, a, b) + '\n');
      return flags['fail-on-slower'] && two.comparison.verdict === 'slower' ? 1 : 0;
    }
    throw new BenchError('BAD_INPUT', `compare: ${a} and ${b} have no cell in common`, {
      hint: 'cells match on workload, backend, precision, threads and batch; to compare two different cells, pass the record file of each (results/<run>/<cell>.json)',
    });
  }
  process.stdout.write(renderComparison(result, a, b) + '\n');
  return flags['fail-on-slower'] && result.pairs.some((p) => p.comparison?.verdict === 'slower') ? 1 : 0;
}
