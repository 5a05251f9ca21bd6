/**
 * End to end on a small DistilBERT (real vocabulary, 2 layers of width 64): real SQuAD records answered through
 * onnxruntime-node in fp32 and emulated bf16, the agreement figures, and a verdict that fails for a different model.
 */
import { ortCpuBackend, type LoadedModel } from '@modelbench/backends';
import { buildDistilBertQA } from '@modelbench/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hfQaAdapter } from '../src/adapters.ts';
import { qaAgreement, setAgreement } from '../src/agreement.ts';
import { answerQuestion } from '../src/qa-session.ts';
import { loadSquad } from '../src/squad.ts';
import { loadQaTokenizer } from '../src/tokenizer.ts';
import { decideVerdict } from '../src/validate-report.ts';
import { SQUAD_TINY, TOKENIZER_JSON } from './fixtures.ts';

const small = { config: { layers: 2, hidden: 64, heads: 4, ffn: 128 } };
const tokenizer = loadQaTokenizer(TOKENIZER_JSON);
const records = loadSquad(SQUAD_TINY);
const thresholds = { maxLogitsRelError: 0.05, minExactMatch: 90, minF1: 95 };
let fp32: LoadedModel;
let bf16: LoadedModel;
let other: LoadedModel;

beforeAll(async () => {
  const bytes = buildDistilBertQA({ ...small, seed: 3 }).bytes;
  fp32 = await ortCpuBackend.load({ path: 'small-distilbert.onnx', bytes }, { precision: 'fp32', threads: 1 });
  bf16 = await ortCpuBackend.load({ path: 'small-distilbert.onnx', bytes }, { precision: 'bf16', threads: 1 });
  other = await ortCpuBackend.load({ path: 'other.onnx', bytes: buildDistilBertQA({ ...small, seed: 4 }).bytes }, { precision: 'fp32', threads: 1 });
}, 120_000);

afterAll(async () => {
  await Promise.all([fp32, bf16, other].map((m) => m?.dispose()));
});

describe('answering SQuAD questions with onnxruntime', () => {
  it('returns a span cut from the context, the same for the same model and precision', async () => {
    const r = records[0]!;
    const a = await answerQuestion(fp32, hfQaAdapter, tokenizer, r.question, r.context);
    const b = await answerQuestion(fp32, hfQaAdapter, tokenizer, r.question, r.context);
    expect(a.example.features).toHaveLength(1);
    expect(a.answer.best).toBeDefined();
    const best = a.answer.best!;
    expect(r.context.slice(best.startChar, best.endChar)).toBe(best.text);
    expect(best.endToken - best.startToken + 1).toBeLessThanOrEqual(30);
    expect(a.answer.nBest.length).toBeLessThanOrEqual(20);
    expect(a.answer.startLogits[0]).toHaveLength(a.example.features[0]!.inputIds.length);
    expect(qaAgreement(a.answer, b.answer)).toEqual({ sameSpan: true, startLogitsRelError: 0, endLogitsRelError: 0 });
  });

  it('bf16 (emulated here) stays within the logits threshold; another model does not', async () => {
    expect(bf16.precision.precision).toBe('bf16');
    const pairsBf16 = [];
    const pairsOther = [];
    for (const r of records) {
      const ref = (await answerQuestion(fp32, hfQaAdapter, tokenizer, r.question, r.context)).answer;
      pairsBf16.push({ reference: ref, candidate: (await answerQuestion(bf16, hfQaAdapter, tokenizer, r.question, r.context)).answer });
      pairsOther.push({ reference: ref, candidate: (await answerQuestion(other, hfQaAdapter, tokenizer, r.question, r.context)).answer });
    }
    const set = setAgreement(pairsBf16);
    expect(set.records).toBe(8);
    expect(set.maxStartLogitsRelError).toBeGreaterThan(0); // bf16 rounding does change the logits
    expect(set.maxStartLogitsRelError).toBeLessThan(0.05);
    expect(decideVerdict(true, qaAgreement(pairsBf16[0]!.reference, pairsBf16[0]!.candidate), set, thresholds).pass).toBe(true);
    const bad = setAgreement(pairsOther);
    const verdict = decideVerdict(true, qaAgreement(pairsOther[0]!.reference, pairsOther[0]!.candidate), bad, thresholds);
    expect(verdict.pass).toBe(false);
    expect(verdict.failures[0]).toMatch(/logits relative error .* > 0.05/);
  });
});
