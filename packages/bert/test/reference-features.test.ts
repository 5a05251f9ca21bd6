/**
 * MLPerf's BERT features and the accuracy log's numbering, against the reference script's own features
 * (fixtures/mlperf-reference-features.json: mlcommons/inference create_squad_data.py convert_examples_to_features
 * run on the shipped two-article SQuAD file; its origin is in the file). Examples 25–27 share one long paragraph
 * and need two windows each; 24 and 28 fit one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Feeds, Outputs } from '@modelbench/backends';
import { loadSquadDataset } from '@modelbench/accuracy';
import { accuracyEntries, responseRecord } from '@modelbench/harness';
import type { QaBinding } from '../src/adapters.ts';
import type { SquadAccuracyAnswer, SquadAccuracyItem } from '../src/accuracy.ts';
import { assembleFeatures, SQUAD_FEATURE_DEFAULTS } from '../src/lib/features.ts';
import { referenceFeatures } from '../src/lib/reference-features.ts';
import { loadQaTokenizer } from '../src/lib/tokenizer.ts';
import { planStrideWindows } from '../src/lib/windowing.ts';
import { bertMlperfAccuracy, referenceFeatureLogits, squadFeatureNumbering } from '../src/mlperf-accuracy.ts';
import { qaSample, type QaSample } from '../src/samples.ts';
import { SQUAD_SAMPLE, TOKENIZER_JSON } from './fixtures.ts';

interface ReferenceFeature {
  qsl_idx: number;
  example_index: number;
  span: number;
  input_ids: number[];
  orig: number[];
  first_context_position: number;
}
const reference = JSON.parse(readFileSync(new URL('./fixtures/mlperf-reference-features.json', import.meta.url), 'utf8')) as { examples: number; features: number; selected: ReferenceFeature[] };

const tokenizer = loadQaTokenizer(TOKENIZER_JSON);
const dataset = loadSquadDataset(SQUAD_SAMPLE);
const sampleAt = (i: number): Promise<QaSample> => {
  const q = dataset.questions[i]!;
  return qaSample(tokenizer, { label: q.id, id: q.id, question: q.question, context: q.context, references: q.answers });
};

/** The reference's read_squad_examples word index of each character (split on ' ', \t, \r, \n, U+202F). */
function charToWord(context: string): number[] {
  const out: number[] = [];
  let words = 0;
  let previousSpace = true;
  for (const c of context) {
    const space = c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\u202f';
    if (!space && previousSpace) words++;
    previousSpace = space;
    for (let u = 0; u < c.length; u++) out.push(words - 1);
  }
  return out;
}

describe('planStrideWindows (run_squad / MLPerf reference doc_stride)', () => {
  it('starts a window every stride tokens until one reaches the end (worked by hand)', () => {
    // a 10-token question at 384 leaves 384 − 10 − 3 = 371 context tokens a window
    expect(planStrideWindows(500, 10, { maxSeqLen: 384, strideTokens: 128 })).toEqual([
      { start: 0, end: 371 },
      { start: 128, end: 499 },
      { start: 256, end: 500 },
    ]);
    expect(planStrideWindows(371, 10, { maxSeqLen: 384, strideTokens: 128 })).toEqual([{ start: 0, end: 371 }]);
    // a window shorter than the stride is followed right after it: room 5 at sequence 8 after no question
    expect(planStrideWindows(12, 0, { maxSeqLen: 8, strideTokens: 128 })).toEqual([
      { start: 0, end: 5 },
      { start: 5, end: 10 },
      { start: 10, end: 12 },
    ]);
  });
});

describe("MLPerf's reference features of the shipped SQuAD file", () => {
  it('are the reference script’s features token for token, their context positions on the same original words', async () => {
    for (const example of [24, 25, 26, 27, 28]) {
      const sample = await sampleAt(example);
      const ours = referenceFeatures(sample.questionTokens, sample.contextTokens, sample.special);
      const theirs = reference.selected.filter((f) => f.example_index === example);
      expect(ours.map((f) => f.inputIds)).toEqual(theirs.map((f) => f.input_ids));
      const words = charToWord(sample.context);
      ours.forEach((f, k) => {
        const head = theirs[k]!.first_context_position;
        const mapped = f.contextOffsets.slice(head, f.inputIds.length - 1).map((o) => words[o![0]]);
        expect(mapped).toEqual(theirs[k]!.orig);
      });
    }
  });

  it('two windows for the long paragraph where run_qa’s windowing gives different second windows', async () => {
    const sample = await sampleAt(25);
    const ref = referenceFeatures(sample.questionTokens, sample.contextTokens, sample.special);
    const suite = assembleFeatures(sample.questionTokens, sample.contextTokens, sample.special, SQUAD_FEATURE_DEFAULTS).features;
    // reference: the second window starts 128 context tokens in; run_qa's starts (room − 128) in
    expect(ref.map((f) => f.window.start)).toEqual([0, 128]);
    expect(suite[1]!.window.start).toBeGreaterThan(128);
    expect(ref[0]!.inputIds).toEqual(suite[0]!.inputIds);
  });

  it('numbers every question by the reference’s features before it: 293 questions, 296 features', async () => {
    const numbering = squadFeatureNumbering(tokenizer, dataset.questions);
    const firsts = reference.selected.filter((f) => f.span === 0);
    for (const f of firsts) expect(await numbering.firstOf(f.example_index)).toBe(f.qsl_idx);
    expect(dataset.questions.length).toBe(reference.examples);
    const last = dataset.questions.length - 1;
    const lastSample = await sampleAt(last);
    const lastCount = referenceFeatures(lastSample.questionTokens, lastSample.contextTokens, lastSample.special).length;
    expect((await numbering.firstOf(last)) + lastCount).toBe(reference.features);
  });
});

/** A fake session whose start logit at each position is the token id there and end logit its negation. */
function idSession(): { infer: (feeds: Feeds) => Promise<Outputs>; calls: number[] } {
  const calls: number[] = [];
  const infer = (feeds: Feeds): Promise<Outputs> => {
    const ids = feeds.input_ids!;
    calls.push(ids.dims[0]!);
    const start = Float32Array.from(ids.data as BigInt64Array, (v) => Number(v));
    const end = start.map((v) => -v);
    return Promise.resolve({ start_logits: { type: 'float32', dims: ids.dims, data: start }, end_logits: { type: 'float32', dims: ids.dims, data: end } } as Outputs);
  };
  return { infer, calls };
}

const hfBinding = (fixedSeqLen: number | null): QaBinding => ({ layout: 'hf', tokenTypeIds: false, fixedSeqLen, outputs: ['start_logits', 'end_logits'], vocabRows: null, maxPositions: 512 });

describe('referenceFeatureLogits and the encoder', () => {
  it('reuses the window both share and runs the reference window the suite did not (one call)', async () => {
    const sample = await sampleAt(25);
    const suite = assembleFeatures(sample.questionTokens, sample.contextTokens, sample.special, SQUAD_FEATURE_DEFAULTS).features;
    const ran = suite.map(() => ({ start: new Float32Array([7]), end: new Float32Array([8]) }));
    const session = idSession();
    const logits = await referenceFeatureLogits(sample, hfBinding(null), suite, ran, (f) => session.infer(f));
    expect(logits[0]).toBe(ran[0]);
    expect(session.calls).toEqual([1]);
    const second = reference.selected.find((f) => f.example_index === 25 && f.span === 1)!;
    expect(Array.from(logits[1]!.start)).toEqual(second.input_ids);
    expect(Array.from(logits[1]!.end)).toEqual(second.input_ids.map((v) => -v));
  });

  it('leaves a reference feature longer than a fixed-length model takes unlogged (null), without a call', async () => {
    const sample = await sampleAt(25); // reference features of 384 and 263 tokens; the model takes 256
    const session = idSession();
    const logits = await referenceFeatureLogits(sample, hfBinding(256), [], [], (f) => session.infer(f));
    expect(logits).toEqual([null, null]);
    expect(session.calls).toEqual([]);
  });

  it('logs each feature under its reference qsl_idx, also for a run that starts at question 25', () => {
    const l = (v: number): { start: Float32Array; end: Float32Array } => ({ start: new Float32Array([v]), end: new Float32Array([-v]) });
    const answer = (logits: SquadAccuracyAnswer['logits']): SquadAccuracyAnswer => ({ prediction: { text: '', score: 0, scoreDiff: 0 } as unknown as SquadAccuracyAnswer['prediction'], windows: logits.length, logits });
    const sample = (firstFeature: number): SquadAccuracyItem => ({ meta: { firstFeature } }) as SquadAccuracyItem;
    const record = { id: 'x', text: '', noAnswerScore: 0 };
    const responses = new Map([
      ['q25', responseRecord(bertMlperfAccuracy, 'q25', answer([l(1), null]), sample(25), record, 25)],
      ['q26', responseRecord(bertMlperfAccuracy, 'q26', answer([l(2), l(3)]), sample(27), record, 26)],
    ]);
    const { entries, skipped } = accuracyEntries('response', [{ key: 'q25', index: 25 }, { key: 'q26', index: 26 }], responses);
    expect(skipped).toBe(1);
    // qsl 26 (the null slot) is numbered but not logged; 1.0f = 0000803f, 2.0f = 00000040, 3.0f = 00004040
    expect(entries.map((e) => [e.qslIdx, Buffer.from(e.data).toString('hex')])).toEqual([
      [25, '0000803f000080bf'],
      [27, '00000040000000c0'],
      [28, '00004040000040c0'],
    ]);
  });
});
