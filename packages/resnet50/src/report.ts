/** How ResNet50 prints its predictions: per image the top-5 of fp32 and the candidate side by side, then the agreement table. Pure. */
import { fixed, renderTable } from '@modelbench/core';
import type { ClassificationAgreement } from '@modelbench/vision';
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
