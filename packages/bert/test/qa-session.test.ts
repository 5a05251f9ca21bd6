/**
 * End to end on a small DistilBERT (real vocabulary, 2 layers of width 64): real SQuAD records answered through
 * onnxruntime-node in fp32 and emulated bf16, the agreement figures, and a verdict that fails for a different model.
 */
import { ortCpuBackend, planPrecision, type LoadedModel } from '@modelbench/backends';
import { predictAll, verdictLines } from '@modelbench/harness';
import { buildDistilBertQA } from '@modelbench/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hfQaAdapter } from '../src/adapters.ts';
import { bertAgreement, qaAgreement } from '../src/agreement.ts';
import { answerOf, type QaAnswer } from '../src/postprocess.ts';
import { bertPipeline } from '../src/pipeline.ts';
import { preprocessQuestion } from '../src/preprocess.ts';
import { qaSample, recordQuestion, type QaSample } from '../src/samples.ts';
import { loadSquad } from '../src/lib/squad.ts';
import { loadQaTokenizer } from '../src/lib/tokenizer.ts';
import { SQUAD_TINY, TOKENIZER_JSON } from './fixtures.ts';

const small = { config: { layers: 2, hidden: 64, heads: 4, ffn: 128 } };
const tokenizer = loadQaTokenizer(TOKENIZER_JSON);
const records = loadSquad(SQUAD_TINY);
const thresholds = { maxLogitsRelError: 0.05, minExactMatch: 90, minF1: 95 };
/** bf16 emulated on any machine: the plan an x86-64 CPU without bf16 gets */
const emulatedBf16 = planPrecision('ort-cpu', { nativeBf16OnArm64: true, emulateBf16: true }, 'bf16', { arch: 'x64', flags: ['avx2'] });
const fp32Plan = ortCpuBackend.planPrecision('fp32');
let samples: QaSample[];
let fp32: LoadedModel;
let bf16: LoadedModel;
let other: LoadedModel;

beforeAll(async () => {
  const bytes = buildDistilBertQA({ ...small, seed: 3 }).bytes;
  fp32 = await ortCpuBackend.load({ path: 'small-distilbert.onnx', bytes }, { precision: fp32Plan, threads: 1 });
  bf16 = await ortCpuBackend.load({ path: 'small-distilbert.onnx', bytes }, { precision: emulatedBf16, threads: 1 });
  other = await ortCpuBackend.load({ path: 'other.onnx', bytes: buildDistilBertQA({ ...small, seed: 4 }).bytes }, { precision: fp32Plan, threads: 1 });
  samples = [];
  for (const r of records) samples.push(await qaSample(tokenizer, recordQuestion(r)));
}, 120_000);

afterAll(async () => {
  await Promise.all([fp32, bf16, other].map((m) => m?.dispose()));
});

describe('answering SQuAD questions with onnxruntime', () => {
  it('returns a span cut from the context, the same for the same model and precision', async () => {
    const r = records[0]!;
    const s = samples[0]!;
    const bound = hfQaAdapter.bind(fp32);
    const [a] = (await predictAll({ loaded: fp32 }, bertPipeline(bound), [s])).predictions;
    const { inputs, context } = preprocessQuestion(s, bound);
    const b = answerOf(await fp32.run(inputs, bound.outputs), context, bound.outputs);
    expect(a!.windows).toBe(1);
    expect(a!.best).toBeDefined();
    const best = a!.best!;
    expect(r.context.slice(best.startChar, best.endChar)).toBe(best.text);
    expect(best.endToken - best.startToken + 1).toBeLessThanOrEqual(30);
    expect(a!.nBest.length).toBeLessThanOrEqual(20);
    expect(a!.startLogits[0]).toHaveLength(context.lengths[0]!);
    expect(qaAgreement(a!, b)).toEqual({ sameSpan: true, startLogitsRelError: 0, endLogitsRelError: 0 });
  });

  it('bf16 (emulated here) stays within the logits threshold; another model does not', async () => {
    expect(bf16.precision).toMatchObject({ precision: 'bf16', execution: 'emulated' });
    const pipeline = bertPipeline(hfQaAdapter.bind(fp32));
    const answers = async (m: LoadedModel): Promise<QaAnswer[]> => (await predictAll({ loaded: m }, pipeline, samples)).predictions;
    const ref = await answers(fp32);
    const cand = await answers(bf16);
    const refs = samples.map((s) => s.references);
    // the first sample is the question asked, the other 7 the agreement sample
    const ok = bertAgreement(ref, cand, refs, true, thresholds);
    expect(ok.details.sample.records).toBe(7);
    expect(ok.details.sample.maxStartLogitsRelError).toBeGreaterThan(0); // bf16 rounding does change the logits
    expect(ok.checks[0]!.value).toBeLessThan(0.05);
    expect(ok.passed).toBe(true);
    const bad = bertAgreement(ref, await answers(other), refs, true, thresholds);
    expect(bad.passed).toBe(false);
    expect(verdictLines(bad).at(-1)).toMatch(/^verdict: FAIL — largest start\/end logits relative error \S+ \(need ≤ 0\.05\)$/);
  });
});
