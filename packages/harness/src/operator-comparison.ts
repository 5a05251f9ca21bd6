/** Two operator profiles (fp32 and the candidate) joined by operator type, per profiled run, as a table. Pure. */
import { fixed, renderTable, type ProfileInfo } from '@modelbench/core';

export interface OperatorComparisonRow {
  opType: string;
  referenceMsPerRun: number | null;
  candidateMsPerRun: number | null;
  /** candidate / reference; > 1 means slower. */
  ratio: number | null;
}

/** Sorted by the larger of the two times, then by operator type. */
export function compareOperatorProfiles(reference: ProfileInfo, candidate: ProfileInfo): OperatorComparisonRow[] {
  const perRun = (p: ProfileInfo): Map<string, number> => new Map(p.operators.map((o) => [o.opType, o.totalMs / Math.max(1, p.runs)]));
  const ref = perRun(reference);
  const cand = perRun(candidate);
  const ops = [...new Set([...ref.keys(), ...cand.keys()])];
  return ops
    .map((opType) => {
      const r = ref.get(opType) ?? null;
      const c = cand.get(opType) ?? null;
      return { opType, referenceMsPerRun: r, candidateMsPerRun: c, ratio: r !== null && c !== null && r > 0 ? c / r : null };
    })
    .sort((a, b) => Math.max(b.referenceMsPerRun ?? 0, b.candidateMsPerRun ?? 0) - Math.max(a.referenceMsPerRun ?? 0, a.candidateMsPerRun ?? 0) || (a.opType < b.opType ? -1 : 1));
}

export function operatorComparisonTable(rows: readonly OperatorComparisonRow[], candidateLabel: string, top: number): string {
  return renderTable(
    ['operator', 'fp32 ms/run', `${candidateLabel} ms/run`, 'ratio', ''],
    rows.slice(0, top).map((r) => [
      r.opType,
      r.referenceMsPerRun === null ? '—' : fixed(r.referenceMsPerRun, 3),
      r.candidateMsPerRun === null ? '—' : fixed(r.candidateMsPerRun, 3),
      r.ratio === null ? '—' : `${fixed(r.ratio, 2)}×`,
      r.ratio === null ? (r.referenceMsPerRun === null ? 'only in candidate' : 'only in fp32') : r.ratio > 1.1 ? 'slower' : r.ratio < 0.9 ? 'faster' : '',
    ]),
    ['left', 'right', 'right', 'right', 'left'],
  );
}
