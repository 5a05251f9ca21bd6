/** How BERT prints its predictions: the question, both answers, the references and the agreement figures. Pure. */
import { fixed } from '@modelbench/core';
import type { QaAgreement, SetAgreement } from './agreement.ts';
import type { AnswerSpan } from './postprocess.ts';
import type { SquadScore } from './lib/squad-metrics.ts';

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
