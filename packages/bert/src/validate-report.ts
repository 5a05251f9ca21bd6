/** Text of `bert validate`: the question, both answers, the references, the agreement figures and the verdict line. */
import { fixed } from '@modelbench/core';
import type { QaAgreement, SetAgreement } from './agreement.ts';
import type { AnswerSpan } from './postprocess.ts';
import type { SquadScore } from './squad-metrics.ts';

export interface Thresholds {
  maxLogitsRelError: number;
  minExactMatch: number;
  minF1: number;
}

export interface Verdict {
  pass: boolean;
  basis: string;
  failures: string[];
}

const CONTEXT_PREVIEW_CHARS = 600;

export function answerLine(label: string, a: AnswerSpan | undefined): string {
  if (!a) return `${label}: (no valid span)`;
  return `${label}: "${a.text}"  [chars ${a.startChar}-${a.endChar}, score ${fixed(a.score, 3)}, p ${fixed(a.probability, 3)}]`;
}

export function contextBlock(context: string): string {
  const shown = context.length > CONTEXT_PREVIEW_CHARS ? `${context.slice(0, CONTEXT_PREVIEW_CHARS)}… (${context.length} chars)` : context;
  return `context: ${shown}`;
}

export function scoreText(s: SquadScore): string {
  return `EM ${fixed(s.exactMatch, 1)}  F1 ${fixed(s.f1, 1)}  (${s.count} questions)`;
}

export function agreementLines(candidate: string, main: QaAgreement, set: SetAgreement): string[] {
  return [
    `agreement ${candidate} vs fp32 on this question: same span ${main.sameSpan ? 'yes' : 'NO'}, start logits rel. error ${main.startLogitsRelError.toExponential(2)}, end logits rel. error ${main.endLogitsRelError.toExponential(2)}`,
    `agreement over ${set.records} sample records: same span ${Math.round(set.sameSpanRate * set.records)}/${set.records}, ` +
      `${candidate} answers vs fp32 answers ${scoreText(set.vsReference)}, max start/end logits rel. error ${set.maxStartLogitsRelError.toExponential(2)} / ${set.maxEndLogitsRelError.toExponential(2)}`,
  ];
}

/**
 * Synthetic weights: answers of random weights sit on near-ties, so spans flip on tiny changes; the verdict uses the
 * logits' relative error only. Real weights: the logits error and EM/F1 of the candidate against fp32.
 */
export function decideVerdict(synthetic: boolean, main: QaAgreement, set: SetAgreement, t: Thresholds): Verdict {
  const failures: string[] = [];
  const worst = Math.max(main.startLogitsRelError, main.endLogitsRelError, set.maxStartLogitsRelError, set.maxEndLogitsRelError);
  if (!(worst <= t.maxLogitsRelError)) failures.push(`logits relative error ${worst.toExponential(2)} > ${t.maxLogitsRelError}`);
  if (!synthetic) {
    if (set.vsReference.exactMatch < t.minExactMatch) failures.push(`EM vs fp32 ${fixed(set.vsReference.exactMatch, 1)} < ${t.minExactMatch}`);
    if (set.vsReference.f1 < t.minF1) failures.push(`F1 vs fp32 ${fixed(set.vsReference.f1, 1)} < ${t.minF1}`);
  }
  const basis = synthetic
    ? `logits relative error ≤ ${t.maxLogitsRelError} (synthetic weights: spans are not compared)`
    : `logits relative error ≤ ${t.maxLogitsRelError}, EM ≥ ${t.minExactMatch} and F1 ≥ ${t.minF1} against fp32`;
  return { pass: failures.length === 0, basis, failures };
}

export function verdictLine(v: Verdict): string {
  return v.pass ? `verdict: PASS (${v.basis})` : `verdict: FAIL: ${v.failures.join('; ')} (${v.basis})`;
}
