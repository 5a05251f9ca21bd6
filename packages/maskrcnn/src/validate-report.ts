/** validate's text: one line per photo, the instances side by side, the totals and the verdict line. */
import { fixed, renderTable } from '@modelbench/core';
import type { AgreementTotals, ImageAgreement, Verdict } from './agreement.ts';
import type { Instance } from './instance.ts';
import { className } from './labels.ts';

export function imageLine(a: ImageAgreement, width: number, height: number, candidateLabel: string, scoreThreshold: number): string {
  return (
    `${a.image}  ${width}x${height}: fp32 ${a.referenceCount}, ${candidateLabel} ${a.candidateCount} instances above ${scoreThreshold}; ` +
    `matched ${a.matched} (precision ${fixed(a.precision, 3)}, recall ${fixed(a.recall, 3)}), ` +
    `mean box IoU ${fixed(a.meanIou, 4)}, mean mask IoU ${fixed(a.meanMaskIou, 4)}, max |Δscore| ${fixed(a.maxAbsScoreDiff, 4)}`
  );
}

const area = (m: Uint8Array): number => m.reduce((s, v) => s + v, 0);

/** The fp32 instances, best first, each with its matched candidate (or none). */
export function instanceTable(a: ImageAgreement, reference: readonly Instance[], candidate: readonly Instance[], candidateLabel: string, rows: number): string {
  const byRef = new Map(a.matching.matches.map((m, k) => [m.reference, { ...m, maskIou: a.maskIous[k] as number }]));
  const body = reference.slice(0, rows).map((r, i) => {
    const m = byRef.get(i);
    const c = m ? (candidate[m.candidate] as Instance) : undefined;
    return [
      className(r.classId),
      fixed(r.score, 3),
      r.box.map((v) => v.toFixed(0)).join(','),
      String(area(r.mask)),
      c ? fixed(c.score, 3) : 'unmatched',
      m ? fixed(m.iou, 4) : '-',
      m ? fixed(m.maskIou, 4) : '-',
    ];
  });
  const more = reference.length > rows ? [`  … ${reference.length - rows} more`] : [];
  return [
    renderTable(['class', 'fp32 score', 'box', 'mask px', `${candidateLabel} score`, 'box IoU', 'mask IoU'], body, ['left']).replace(/^/gm, '  '),
    ...more,
  ].join('\n');
}

export function totalsLines(t: AgreementTotals, candidateLabel: string): string[] {
  return [
    `agreement of ${candidateLabel} with fp32 over ${t.images} photo(s): ${t.matched} of ${t.referenceCount} fp32 / ${t.candidateCount} ${candidateLabel} instances matched`,
    `  precision ${fixed(t.precision, 3)}, recall ${fixed(t.recall, 3)}, mean box IoU ${fixed(t.meanBoxIou, 4)}, ` +
      `mean mask IoU ${fixed(t.meanMaskIou, 4)} (lowest ${fixed(t.minMaskIou, 4)}), max |Δscore| ${fixed(t.maxAbsScoreDiff, 4)}`,
  ];
}

export function verdictLine(v: Verdict): string {
  return v.pass ? 'verdict: PASS (within the thresholds)' : `verdict: FAIL (${v.failures.join('; ')})`;
}
