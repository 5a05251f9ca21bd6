/**
 * `accuracy --mlperf-answers`: questions answered through mlperfRuleAnswer with a fake session whose logits are the
 * integer formula of fixtures/mlperf-formula-predictions.json (keyed by each feature's qsl_idx), so the answers must be
 * the ones MLPerf's accuracy-squad.py predicted from a log of those logits; and the runs it refuses.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Feeds, Outputs } from '@modelbench/backends';
import { BenchError } from '@modelbench/core';
import { loadSquadDataset } from '@modelbench/accuracy';
import type { QaBinding } from '../src/adapters.ts';
import { bertAccuracy } from '../src/accuracy.ts';
import { referenceFeatures } from '../src/lib/reference-features.ts';
import { loadQaTokenizer } from '../src/lib/tokenizer.ts';
import { mlperfRuleAnswer } from '../src/mlperf-accuracy.ts';
import { qaSample } from '../src/samples.ts';
import { SQUAD_SAMPLE, TOKENIZER_JSON } from './fixtures.ts';

const worked = JSON.parse(readFileSync(new URL('./fixtures/mlperf-formula-predictions.json', import.meta.url), 'utf8')) as { predictions: Record<string, string> };
const formula = (p: number, q: number, a: number, b: number, c: number): number => Math.fround((((p * a + q * b + c) % 4294967296) % 2001) / 200 - 5);

const tokenizer = loadQaTokenizer(TOKENIZER_JSON);
const dataset = loadSquadDataset(SQUAD_SAMPLE);
const binding = (fixedSeqLen: number | null): QaBinding => ({ layout: 'hf', tokenTypeIds: false, fixedSeqLen, outputs: ['start_logits', 'end_logits'], vocabRows: null, maxPositions: 512 });

describe('accuracy --mlperf-answers', () => {
  it("answers questions 20–30 (25–27 need two windows) as accuracy-squad.py did from the same logits", async () => {
    // each reference feature's qsl_idx, by its token ids
    const qslOf = new Map<string, number>();
    let qsl = 0;
    const samples = [];
    for (let i = 0; i <= 30; i++) {
      const q = dataset.questions[i]!;
      const s = await qaSample(tokenizer, { label: q.id, id: q.id, question: q.question, context: q.context, references: q.answers });
      for (const f of referenceFeatures(s.questionTokens, s.contextTokens, s.special)) qslOf.set(f.inputIds.join(','), qsl++);
      if (i >= 20) samples.push(s);
    }
    const infer = (feeds: Feeds): Promise<Outputs> => {
      const ids = feeds.input_ids!;
      const [rows, seqLen] = ids.dims as [number, number];
      const data = ids.data as BigInt64Array;
      const start = new Float32Array(rows * seqLen);
      const end = new Float32Array(rows * seqLen);
      for (let r = 0; r < rows; r++) {
        const mask = (feeds.attention_mask!.data as BigInt64Array).subarray(r * seqLen, (r + 1) * seqLen);
        const n = mask.indexOf(0n) < 0 ? seqLen : mask.indexOf(0n);
        const q = qslOf.get(Array.from(data.subarray(r * seqLen, r * seqLen + n), Number).join(','))!;
        for (let p = 0; p < seqLen; p++) {
          start[r * seqLen + p] = formula(p, q, 2654435761, 40503, 17);
          end[r * seqLen + p] = formula(p, q, 2246822519, 3266489917, 29);
        }
      }
      return Promise.resolve({ start_logits: { type: 'float32', dims: ids.dims, data: start }, end_logits: { type: 'float32', dims: ids.dims, data: end } } as Outputs);
    };
    for (const s of samples) {
      const answer = await mlperfRuleAnswer(s, { token: (id) => tokenizer.token(id) }, binding(null), infer);
      expect(answer.prediction.text).toBe(worked.predictions[s.id!]);
      expect(answer.logits.every((l) => l !== null)).toBe(true);
    }
  });

  it('refuses a model that cannot take the 384-token features, naming both lengths', async () => {
    const q = dataset.questions[25]!;
    const s = await qaSample(tokenizer, { label: `SQuAD ${q.id}`, id: q.id, question: q.question, context: q.context, references: q.answers });
    const err = await mlperfRuleAnswer(s, { token: (id) => tokenizer.token(id) }, binding(256), () => Promise.reject(new Error('no call expected'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BenchError);
    expect((err as BenchError).code).toBe('USAGE');
    expect((err as BenchError).message).toContain('a feature of 384 tokens');
    expect((err as BenchError).message).toContain('more than this model takes (256)');
  });

  it('refuses a SQuAD v2.0 file before any model work', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mb-bert-mlperf-answers-')), 'dev-v2.0.json');
    const paragraph = { context: 'Rollo ruled Normandy.', qas: [{ id: 'a', question: 'Who ruled?', answers: [{ text: 'Rollo', answer_start: 0 }], is_impossible: false }] };
    writeFileSync(file, JSON.stringify({ version: 'v2.0', data: [{ title: 'Normans', paragraphs: [paragraph] }] }));
    const options = { tokenizer: TOKENIZER_JSON, 'n-best-size': 20, 'max-answer-length': 30, 'null-score-diff-threshold': 0, 'mlperf-answers': true };
    const err = await bertAccuracy.loadDataset({ options, dataset: file, modelOptions: {}, positionals: [] }).catch((e: unknown) => e);
    expect((err as BenchError).code).toBe('USAGE');
    expect((err as BenchError).message).toContain('is SQuAD v2.0');
  });
});
