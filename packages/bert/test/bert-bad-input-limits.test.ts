/**
 * BERT's limits, read from the model's graph and checked before any model work: --seq-len above the position count,
 * a tokenizer larger than the vocabulary table, --seq-len 0's suggested value, --batch 1e9, a fixed sequence length
 * too short for SQuAD's windows (the fix names what the user can do); and a 20,000-word context answered in chunks of
 * at most 16 windows a call, the same answer as one call.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ortCpuBackend, type Feeds, type LoadedModel } from '@modelbench/backends';
import { predictAll } from '@modelbench/harness';
import { Rng, buildDistilBertQA } from '@modelbench/models';
import { hfQaAdapter } from '../src/adapters.ts';
import { MAX_WINDOWS_PER_CALL } from '../src/lib/batch.ts';
import { SQUAD_FEATURE_DEFAULTS, assembleFeatures } from '../src/lib/features.ts';
import { qaModelLimits } from '../src/lib/model-limits.ts';
import { checkTokenizerFits, windowNote, windowOptionsFor } from '../src/lib/model-fit.ts';
import { loadQaTokenizer } from '../src/lib/tokenizer.ts';
import { planWindows } from '../src/lib/windowing.ts';
import { answerOf } from '../src/postprocess.ts';
import { featureOptionsFor, preprocessQuestion } from '../src/preprocess.ts';
import { qaSample } from '../src/samples.ts';
import { bertWorkload } from '../src/workload.ts';
import { TOKENIZER_JSON } from './fixtures.ts';

const root = resolve(import.meta.dirname, '../../..');
const main = join(root, 'packages/bert/src/main.ts');
const tsx = join(root, 'node_modules/.bin/tsx');
const dir = mkdtempSync(join(tmpdir(), 'mb-bert-limits-'));
const small = { layers: 2, hidden: 64, heads: 4, ffn: 128 };
const positions128 = join(dir, 'positions128.onnx');
const vocab1000 = join(dir, 'vocab1000.onnx');
const base = join(dir, 'small.onnx');
const tokenizer = loadQaTokenizer(TOKENIZER_JSON);

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(tsx, [main, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, MODELBENCH_PROGRESS: '0' }, timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  writeFileSync(positions128, buildDistilBertQA({ config: { ...small, maxPositions: 128 }, seed: 3 }).bytes);
  writeFileSync(vocab1000, buildDistilBertQA({ config: { ...small, vocabSize: 1000 }, seed: 3 }).bytes);
  writeFileSync(base, buildDistilBertQA({ config: small, seed: 3 }).bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sig = (modelPath: string) => ({
  inputs: [
    { name: 'input_ids', type: 'int64' as const, shape: ['batch', 'sequence'] },
    { name: 'attention_mask', type: 'int64' as const, shape: ['batch', 'sequence'] },
  ],
  outputs: [
    { name: 'start_logits', type: 'float32' as const, shape: ['batch', 'sequence'] },
    { name: 'end_logits', type: 'float32' as const, shape: ['batch', 'sequence'] },
  ],
  modelPath,
});

describe("the model's limits, from its graph", () => {
  it('reads the word-embedding and position-embedding rows; none without a model file', () => {
    expect(qaModelLimits(buildDistilBertQA({ config: { ...small, maxPositions: 128, vocabSize: 1000 } }).bytes, 'input_ids')).toEqual({ vocabRows: 1000, maxPositions: 128 });
    expect(hfQaAdapter.bind(sig(base))).toMatchObject({ vocabRows: 30522, maxPositions: 512 });
    expect(hfQaAdapter.bind({ ...sig(base), modelPath: undefined as unknown as string })).toMatchObject({ vocabRows: null, maxPositions: null });
  });

  it('refuses a tokenizer with more ids than the vocabulary rows', () => {
    expect(() => checkTokenizerFits(30522, { fixedSeqLen: null, maxPositions: 512, vocabRows: 1000 }, 'tokenizer.json')).toThrow(
      expect.objectContaining({ code: 'USAGE', exitCode: 2, message: "the tokenizer does not match the model: tokenizer.json has 30522 token ids, the model's vocabulary only 1000 rows" }),
    );
    expect(() => checkTokenizerFits(30522, { fixedSeqLen: null, maxPositions: 512, vocabRows: 30522 }, 'tokenizer.json')).not.toThrow();
  });

  it("sizes SQuAD's windows to a shorter model: 384/128/64 kept at 384 or more, scaled 6:2:1 below", () => {
    expect(windowOptionsFor({ fixedSeqLen: null, maxPositions: 512, vocabRows: null })).toEqual(SQUAD_FEATURE_DEFAULTS);
    // 128 positions: stride ⌊128·128/384⌋ = 42, query ⌊128·64/384⌋ = 21
    const p128 = windowOptionsFor({ fixedSeqLen: null, maxPositions: 128, vocabRows: null });
    expect(p128).toEqual({ maxSeqLen: 128, docStride: 42, maxQueryLen: 21, lengthNote: 'this model has 128 positions' });
    expect(windowNote(p128)).toBe("this model has 128 positions: windows of 128 tokens with a stride of 42, questions cut at 21 tokens (SQuAD's 384 / 128 / 64 scaled to it)");
    // the Zoo's bertsquad-12 (fixed 256): ⌊256/3⌋ = 85, ⌊256/6⌋ = 42
    expect(windowOptionsFor({ fixedSeqLen: 256, maxPositions: 512, vocabRows: null })).toMatchObject({ maxSeqLen: 256, docStride: 85, maxQueryLen: 42 });
    expect(featureOptionsFor(hfQaAdapter.bind(sig(positions128)))).toMatchObject({ maxSeqLen: 128, docStride: 42, maxQueryLen: 21 });
  });

  it('a fixed length too short for any window names what the user can do', () => {
    // fixed at 5: query ⌊5/6⌋ → 1, stride ⌊5/3⌋ = 1; a 1-token question leaves 5 − 1 − 3 = 1 token: not more than the stride
    const o = windowOptionsFor({ fixedSeqLen: 5, maxPositions: null, vocabRows: null });
    expect(() => planWindows(10, 1, o)).toThrow(
      expect.objectContaining({ code: 'USAGE', hint: "this model's sequence length is fixed at 5: use an export of the model with a dynamic sequence axis (or one of at least 6 tokens)" }),
    );
    // the SQuAD defaults at a fixed 100 tokens with a 64-token question: 33 left, stride 128 → at most 100 − 3 − 128 − 1 < 1
    expect(() => planWindows(500, 64, { maxSeqLen: 100, docStride: 128, lengthNote: "this model's sequence length is fixed at 100" })).toThrow(
      expect.objectContaining({ hint: "this model's sequence length is fixed at 100: use an export of the model with a dynamic sequence axis (or one of at least 196 tokens)" }),
    );
    expect(() => planWindows(500, 64, { maxSeqLen: 300, docStride: 250 })).toThrow(expect.objectContaining({ hint: 'ask a question of at most 46 tokens, or raise the sequence length (to 318 or more) or lower the stride' }));
  });
});

describe('bad input on the command line: one line, exit 2', { timeout: 240_000 }, () => {
  it('--seq-len above the position count is refused before running, naming the limit', () => {
    const r = cli(['performance', '--model', positions128, '--seq-len', '200', '--iterations', '1', '--no-calibration']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("error [USAGE]: --seq-len 200 is more than this model's 128 positions (the rows of its position embeddings)\n  fix: pass --seq-len 128 or less\n");
  });

  it('a tokenizer larger than the vocabulary is refused: "the tokenizer does not match the model" (performance and validate)', () => {
    for (const args of [['performance', '--iterations', '1', '--no-calibration'], ['validate', '--records', '1', '--out-dir', join(dir, 'v-vocab')]]) {
      const r = cli([...args, '--model', vocab1000]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^error \[USAGE\]: the tokenizer does not match the model: \S*tokenizer\.json has 30522 token ids, the model's vocabulary only 1000 rows\n {2}fix: pass the tokenizer that came with the model: --tokenizer /);
    }
  });

  it("--seq-len 0's suggested value (384) is itself valid", () => {
    const bad = cli(['performance', '--model', base, '--seq-len', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("error [USAGE]: --seq-len must be greater than zero, got '0'\n  fix: for example --seq-len 384\n");
    const ok = cli(['performance', '--model', base, '--seq-len', '384', '--batch', '1', '--records', '1', '--iterations', '1', '--warmup', '0', '--no-calibration']);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
  });

  it('--batch 1e9 is a usage error naming the memory its tensors need', () => {
    const r = cli(['performance', '--model', base, '--batch', '1e9', '--no-calibration']);
    expect(r.status).toBe(2);
    // 1e9 × 384 tokens × 8 bytes × 2 inputs = 6.144e12 bytes = 5722.0 GiB
    expect(r.stderr).toMatch(/^error \[USAGE\]: --batch 1000000000: one call's input tensors need 5722\.0 GiB, more than this machine's [\d.]+ GiB of memory\n {2}fix: pass a smaller --batch/);
  });

  it('a 128-position model answers in windows sized to it, and says so', () => {
    const r = cli(['validate', '--model', positions128, '--records', '1', '--out-dir', join(dir, 'v128')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('warning: this model has 128 positions: windows of 128 tokens with a stride of 42, questions cut at 21 tokens');
    expect(r.stdout).toMatch(/features: \d+ window\(s\) of ≤ 128 tokens/);
  });
});

describe('a very long context', { timeout: 240_000 }, () => {
  let model: LoadedModel;
  beforeAll(async () => {
    model = await ortCpuBackend.load({ path: base, bytes: buildDistilBertQA({ config: small, seed: 3 }).bytes }, { precision: ortCpuBackend.planPrecision('fp32'), threads: 1 });
  });
  afterAll(async () => model?.dispose());

  it('20,000 words run in chunks of at most 16 windows a call, with the answer of one call', async () => {
    const words = ['the', 'normans', 'were', 'people', 'who', 'in', 'century', 'gave', 'their', 'name', 'to', 'normandy', 'a', 'region', 'of', 'france', 'rollo', 'ruled'];
    const rng = new Rng(20_000);
    const context = Array.from({ length: 20_000 }, () => words[Math.floor(rng.uniform() * words.length)]!).join(' ') + '.';
    const sample = await qaSample(tokenizer, { label: 'long', id: null, question: 'Who gave their name to Normandy?', context, references: [] });
    const bound = hfQaAdapter.bind(sig(base));
    const windows = assembleFeatures(sample.questionTokens, sample.contextTokens, sample.special, featureOptionsFor(bound)).features.length;
    expect(windows).toBeGreaterThan(60);
    const calls: number[] = [];
    const counting = { loaded: { ...model, run: (feeds: Feeds, names?: readonly string[]) => (calls.push(feeds.input_ids!.dims[0]!), model.run(feeds, names)) } };
    const pipeline = bertWorkload.pipeline(bound);
    expect(pipeline.maxRowsPerCall).toBe(MAX_WINDOWS_PER_CALL);
    const [chunked] = (await predictAll(counting, pipeline, [sample])).predictions;
    expect(calls).toHaveLength(Math.ceil(windows / 16));
    expect(Math.max(...calls)).toBe(16);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(windows);
    // the same windows in one call give the same answer and logits (to float rounding)
    const { inputs, context: qa } = preprocessQuestion(sample, bound);
    const whole = answerOf(await model.run(inputs, bound.outputs), qa, bound.outputs);
    expect(chunked!.windows).toBe(windows);
    expect(chunked!.best).toEqual(whole.best === undefined ? undefined : expect.objectContaining({ startChar: whole.best.startChar, endChar: whole.best.endChar, text: whole.best.text }));
    for (let w = 0; w < windows; w += 17) {
      const a = chunked!.startLogits[w]!;
      const b = whole.startLogits[w]!;
      for (let i = 0; i < a.length; i += 37) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-4);
    }
  });
});
