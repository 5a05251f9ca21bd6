/** Text of ResNet50 `validate`: per-image side-by-side top-5, the agreement table, the operator comparison. Pure. */
import { fixed, renderTable, type ProfileInfo } from '@modelbench/core';
import type { ClassificationAgreement } from '@modelbench/vision';
import type { Verdict } from './agreement.ts';
import type { ClassProbability } from './postprocess.ts';

const short = (name: string, width = 34): string => (name.length > width ? `${name.slice(0, width - 1)}…` : name);

/** fp32 | candidate top-k, one row per rank. */
export function sideBySideTopK(reference: readonly ClassProbability[], candidate: readonly ClassProbability[], candidateLabel: string): string {
  const rows = reference.map((r, i) => {
    const c = candidate[i];
    return [String(i + 1), short(r.name), fixed(r.probability, 4), c ? short(c.name) : '', c ? fixed(c.probability, 4) : ''];
  });
  return renderTable(['#', 'fp32', 'p', candidateLabel, 'p'], rows, ['right', 'left', 'right', 'left', 'right']);
}

export function agreementLine(a: ClassificationAgreement): string {
  return (
    `top-1 ${a.top1Agree ? 'agrees' : 'DIFFERS'} · top-${a.k} overlap ${a.topKOverlap}/${a.k} · ` +
    `max |Δp| ${a.maxAbsProbabilityDiff.toExponential(2)} · KL ${a.klDivergence.toExponential(2)} · ` +
    `logits rel. error ${a.logitsRelativeError.toExponential(2)}`
  );
}

export function agreementTable(names: readonly string[], items: readonly ClassificationAgreement[]): string {
  const rows = items.map((a, i) => [
    names[i] ?? '',
    a.top1Agree ? 'yes' : 'NO',
    `${a.topKOverlap}/${a.k}`,
    a.maxAbsProbabilityDiff.toExponential(2),
    a.klDivergence.toExponential(2),
    a.logitsRelativeError.toExponential(2),
  ]);
  return renderTable(['image', 'top-1', 'top-5', 'max |Δp|', 'KL', 'logits rel. err'], rows, ['left', 'left', 'right', 'right', 'right', 'right']);
}

export function verdictLines(v: Verdict): string[] {
  const head = v.pass
    ? `verdict: PASS (${v.basis === 'logits' ? 'logits relative error' : 'predictions'} within the thresholds)`
    : `verdict: FAIL — ${v.failures.join('; ')}`;
  return [...v.checks.map((c) => `  ${c}`), head];
}

export interface OperatorComparisonRow {
  opType: string;
  referenceMsPerRun: number | null;
  candidateMsPerRun: number | null;
  /** candidate / reference; > 1 means slower. */
  ratio: number | null;
}

/** Joins two operator profiles by operator type, per profiled run, sorted by the larger of the two times. */
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
