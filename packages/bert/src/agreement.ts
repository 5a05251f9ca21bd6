/**
 * fp32 vs candidate-precision agreement for question answering: whether the best span is the same, the relative error
 * of the start and end logits over the real (unpadded) tokens, and over many records EM/F1 of the candidate's answers
 * scored against the fp32 answers as ground truth.
 */
import { agreementResult, check, type AgreementCheck, type AgreementResult } from '@modelbench/harness';
import type { AnswerSpan } from './postprocess.ts';
import { squadScore, type SquadScore } from './lib/squad-metrics.ts';

/** ‖candidate − reference‖₂ / ‖reference‖₂ over all given positions (0 when both are all zero). */
export function relativeError(reference: readonly ArrayLike<number>[], candidate: readonly ArrayLike<number>[]): number {
  if (reference.length !== candidate.length) throw new Error(`relativeError: ${reference.length} vs ${candidate.length} rows`);
  let diff = 0;
  let norm = 0;
  reference.forEach((ref, r) => {
    const cand = candidate[r]!;
    if (ref.length !== cand.length) throw new Error(`relativeError: row ${r} has ${ref.length} vs ${cand.length} values`);
    for (let i = 0; i < ref.length; i++) {
      const a = ref[i] as number;
      const d = (cand[i] as number) - a;
      diff += d * d;
      norm += a * a;
    }
  });
  if (norm === 0) return diff === 0 ? 0 : Infinity;
  return Math.sqrt(diff / norm);
}

export interface QaOutcome {
  /** best span, undefined when no valid span was found */
  best: AnswerSpan | undefined;
  /** per feature, the start and end logits over the feature's real tokens */
  startLogits: Float32Array[];
  endLogits: Float32Array[];
}

export interface QaAgreement {
  sameSpan: boolean;
  startLogitsRelError: number;
  endLogitsRelError: number;
}

export function sameSpan(a: AnswerSpan | undefined, b: AnswerSpan | undefined): boolean {
  if (!a || !b) return a === b;
  return a.startChar === b.startChar && a.endChar === b.endChar;
}

export function qaAgreement(reference: QaOutcome, candidate: QaOutcome): QaAgreement {
  return {
    sameSpan: sameSpan(reference.best, candidate.best),
    startLogitsRelError: relativeError(reference.startLogits, candidate.startLogits),
    endLogitsRelError: relativeError(reference.endLogits, candidate.endLogits),
  };
}

export interface SetAgreement {
  records: number;
  sameSpanRate: number;
  /** the worst record's relative errors */
  maxStartLogitsRelError: number;
  maxEndLogitsRelError: number;
  /** candidate answers scored against the reference (fp32) answers */
  vsReference: SquadScore;
}

export function setAgreement(pairs: readonly { reference: QaOutcome; candidate: QaOutcome }[]): SetAgreement {
  const each = pairs.map((p) => qaAgreement(p.reference, p.candidate));
  return {
    records: pairs.length,
    sameSpanRate: pairs.length ? each.filter((a) => a.sameSpan).length / pairs.length : 0,
    maxStartLogitsRelError: Math.max(0, ...each.map((a) => a.startLogitsRelError)),
    maxEndLogitsRelError: Math.max(0, ...each.map((a) => a.endLogitsRelError)),
    vsReference: squadScore(pairs.map((p) => ({ prediction: p.candidate.best?.text ?? '', groundTruths: [p.reference.best?.text ?? ''] }))),
  };
}

export interface Thresholds {
  maxLogitsRelError: number;
  minExactMatch: number;
  minF1: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { maxLogitsRelError: 0.05, minExactMatch: 90, minF1: 95 };

export interface BertAgreementDetails {
  /** the question asked (the first sample) */
  question: QaAgreement;
  /** the agreement sample (the other samples) */
  sample: SetAgreement;
  /** with real weights: fp32's and the candidate's answers scored against the SQuAD references of the sample */
  vsReferences: { fp32: SquadScore; candidate: SquadScore } | null;
  synthetic: boolean;
}

/**
 * Synthetic weights: answers of random weights sit on near-ties, so spans flip on tiny changes; only the logits'
 * relative error is checked. Real weights: the logits error and EM/F1 of the candidate against fp32.
 */
export function qaChecks(main: QaAgreement, set: SetAgreement, synthetic: boolean, t: Thresholds): AgreementCheck[] {
  const worst = Math.max(main.startLogitsRelError, main.endLogitsRelError, set.maxStartLogitsRelError, set.maxEndLogitsRelError);
  const checks = [check('largest start/end logits relative error', worst, t.maxLogitsRelError, 'max')];
  if (!synthetic) checks.push(check('EM against fp32 (%)', set.vsReference.exactMatch, t.minExactMatch, 'min'), check('F1 against fp32 (%)', set.vsReference.f1, t.minF1, 'min'));
  return checks;
}

/** The first pair is the question asked, the rest the agreement sample; `references` are the samples' SQuAD answers. */
export function bertAgreement(reference: readonly QaOutcome[], candidate: readonly QaOutcome[], references: readonly string[][], synthetic: boolean, t: Thresholds): AgreementResult<BertAgreementDetails> {
  const main = qaAgreement(reference[0]!, candidate[0]!);
  const pairs = reference.slice(1).map((r, i) => ({ reference: r, candidate: candidate[i + 1]! }));
  const set = setAgreement(pairs);
  const score = (side: readonly QaOutcome[]): SquadScore => squadScore(side.slice(1).map((o, i) => ({ prediction: o.best?.text ?? '', groundTruths: references[i + 1]! })));
  const vsReferences = synthetic ? null : { fp32: score(reference), candidate: score(candidate) };
  return agreementResult(qaChecks(main, set, synthetic, t), { question: main, sample: set, vsReferences, synthetic });
}
