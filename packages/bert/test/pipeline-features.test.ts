/**
 * BERT's one pipeline builds a question's features once: post-processing reads them (and their offsets) from the
 * context pre-processing returned, in validate's route and in accuracy's. Feature builds are counted by a spy
 * (every build plans run_qa's windows once), and the answer checked against a span worked by hand from logits a fake
 * session returns. On the code before the pipeline, validate built them 3 times a question and accuracy 4.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Feeds, Outputs } from '@modelbench/backends';
import { RUN_QA_DEFAULTS } from '@modelbench/accuracy';
import { predictAll } from '@modelbench/harness';
import type { QaBinding } from '../src/adapters.ts';
import { bertAccuracy, type SquadAccuracyItem } from '../src/accuracy.ts';
import { bertPipeline } from '../src/pipeline.ts';
import { qaSample } from '../src/samples.ts';
import { loadQaTokenizer } from '../src/lib/tokenizer.ts';
import { TOKENIZER_JSON } from './fixtures.ts';

// every build of a question's features (run_qa's windows) plans its windows once: that call is counted
const built = vi.hoisted(() => ({ features: 0 }));
vi.mock('../src/lib/windowing.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/lib/windowing.ts')>();
  return {
    ...real,
    planWindows: (...args: Parameters<typeof real.planWindows>) => {
      built.features++;
      return real.planWindows(...args);
    },
  };
});

const bound: QaBinding = { layout: 'hf', tokenTypeIds: false, fixedSeqLen: null, outputs: ['start_logits', 'end_logits'], vocabRows: null, maxPositions: null };
const tokenizer = loadQaTokenizer(TOKENIZER_JSON);
const context = 'paris is the capital of france';

/** A session whose logits peak at `start` and `end` (token positions of the one window): the best span is theirs. */
function session(start: number, end: number): { loaded: { run(feeds: Feeds): Promise<Outputs> } } {
  return {
    loaded: {
      async run(feeds) {
        const [rows, seq] = feeds.input_ids!.dims as [number, number];
        const logits = (at: number): Float32Array => Float32Array.from({ length: rows * seq }, (_, i) => (i === at ? 5 : 0));
        return { start_logits: { type: 'float32', dims: [rows, seq], data: logits(start) }, end_logits: { type: 'float32', dims: [rows, seq], data: logits(end) } };
      },
    },
  };
}

describe("BERT's pipeline carries its features to post-processing", () => {
  it('validate: one feature build per question, and the answer is the span the logits point at', async () => {
    const sample = await qaSample(tokenizer, { label: 'q', id: null, question: 'what is the capital of france?', context, references: [] });
    // [CLS] question [SEP] paris is …: 'paris' is token 2 + question length; 'is' the next
    const first = 2 + sample.questionTokens.ids.length;
    built.features = 0;
    const [answer] = (await predictAll(session(first, first + 1), bertPipeline(bound), [sample])).predictions;
    expect(built.features).toBe(1);
    expect(answer!.windows).toBe(1);
    expect(answer!.best).toMatchObject({ text: 'paris is', startChar: 0, endChar: 8, score: 10 });
  });

  it('accuracy: one feature build per question; the windows it scores carry the offsets of that build', async () => {
    const s = await qaSample(tokenizer, { label: 'q', id: 'q1', question: 'what is the capital of france?', context, references: ['paris'] });
    const nbest = { nBestSize: RUN_QA_DEFAULTS.nBestSize, maxAnswerLength: RUN_QA_DEFAULTS.maxAnswerLength, version2WithNegative: false, nullScoreDiffThreshold: 0 };
    const item: SquadAccuracyItem = { sample: s, meta: { id: 'q1', nbest, firstFeature: 0 } };
    const first = 2 + s.questionTokens.ids.length;
    const fake = session(first, first);
    built.features = 0;
    const answer = await bertAccuracy.run!(item, { bound, infer: (feeds) => fake.loaded.run(feeds) });
    expect(built.features).toBe(1);
    expect(answer.windows).toBe(1);
    expect(answer.prediction.text).toBe('paris');
  });
});
