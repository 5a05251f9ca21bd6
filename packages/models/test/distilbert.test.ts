/**
 * Synthetic DistilBertForQuestionAnswering: the parameter and MAC counts of the real architecture, the I/O signature,
 * and onnxruntime-node running it at batch 2 × 384 with the attention mask applied. The model is built once.
 */
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFields } from '@modelbench/onnx';
import { DISTILBERT_BASE, buildDistilBertQA, distilBertMacs, distilBertParameterCount } from '../src/synthetic/distilbert/index.ts';
import type { SyntheticModel } from '../src/synthetic/types.ts';
import { distilBertAtDefaults } from './helpers/built-once.ts';

const SEQ = 384;
const REAL_TOKENS = 200;

let model: SyntheticModel;
let session: ort.InferenceSession;

/** Deterministic token ids in [1000, 30000) with [CLS]=101 first and [SEP]=102 last. */
function tokenIds(count: number, seed: number): bigint[] {
  const ids: bigint[] = [];
  for (let i = 0; i < count; i++) ids.push(BigInt(1000 + ((i * 7919 + seed * 104729) % 29000)));
  ids[0] = 101n;
  ids[count - 1] = 102n;
  return ids;
}

async function run(rows: { ids: bigint[]; mask: bigint[] }[]): Promise<{ start: Float32Array; end: Float32Array; seq: number }> {
  const seq = rows[0]!.ids.length;
  const ids = BigInt64Array.from(rows.flatMap((r) => r.ids));
  const mask = BigInt64Array.from(rows.flatMap((r) => r.mask));
  const out = await session.run({
    input_ids: new ort.Tensor('int64', ids, [rows.length, seq]),
    attention_mask: new ort.Tensor('int64', mask, [rows.length, seq]),
  });
  expect(out.start_logits!.dims).toEqual([rows.length, seq]);
  expect(out.end_logits!.dims).toEqual([rows.length, seq]);
  return { start: out.start_logits!.data as Float32Array, end: out.end_logits!.data as Float32Array, seq };
}

function maxAbsDiff(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, count: number): number {
  let m = 0;
  for (let i = 0; i < count; i++) m = Math.max(m, Math.abs(a[aOffset + i]! - b[bOffset + i]!));
  return m;
}

beforeAll(async () => {
  model = distilBertAtDefaults(); // built once a run, shared with macs-builders
  session = await ort.InferenceSession.create(model.bytes, { intraOpNumThreads: 2, graphOptimizationLevel: 'all' });
}, 120_000);

describe('synthetic DistilBertForQuestionAnswering', () => {
  it('has the 66,364,418 parameters of distilbert-base-uncased-distilled-squad', () => {
    expect(distilBertParameterCount(DISTILBERT_BASE)).toBe(66_364_418);
    expect(model.parameters).toBe(66_364_418);
  });

  it('counts 17,666,998,272 MACs at sequence 384 (6·(4·S·H² + 2·S²·H + 2·S·H·F) + 2·S·H)', () => {
    expect(distilBertMacs(DISTILBERT_BASE, SEQ)).toBe(17_666_998_272);
    expect(model.macsPerSample).toBe(17_666_998_272);
    expect(distilBertMacs(DISTILBERT_BASE, 128)).toBe(6 * (4 * 128 * 768 * 768 + 2 * 128 * 128 * 768 + 2 * 128 * 768 * 3072) + 128 * 768 * 2);
  });

  it('declares int64 input_ids / attention_mask and float start/end logits with dynamic batch and sequence', () => {
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask']);
    expect(session.outputNames).toEqual(['start_logits', 'end_logits']);
    const fields = decodeFields(model.bytes);
    const opset = fields.find((f) => f.field === 8)!;
    const opsetVersion = decodeFields(opset.value as Uint8Array).find((f) => f.field === 2)!.value;
    expect(opsetVersion).toBe(17n);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const small = { config: { layers: 1, vocabSize: 64, maxPositions: 16, hidden: 24, heads: 2, ffn: 48 } };
    const a = buildDistilBertQA({ ...small, seed: 1 }).bytes;
    const b = buildDistilBertQA({ ...small, seed: 1 }).bytes;
    const c = buildDistilBertQA({ ...small, seed: 2 }).bytes;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it('runs at batch 2 × 384 and masked padding leaves the unpadded positions unchanged', async () => {
    const real = tokenIds(REAL_TOKENS, 1);
    const pad = SEQ - REAL_TOKENS;
    const mask = [...Array<bigint>(REAL_TOKENS).fill(1n), ...Array<bigint>(pad).fill(0n)];
    // row 0 pads with [PAD]; row 1 puts other tokens under the mask: neither may change positions < REAL_TOKENS
    const padded = await run([
      { ids: [...real, ...Array<bigint>(pad).fill(0n)], mask },
      { ids: [...real, ...tokenIds(pad, 7)], mask },
    ]);
    const unpadded = await run([{ ids: real, mask: Array<bigint>(REAL_TOKENS).fill(1n) }]);
    for (const key of ['start', 'end'] as const) {
      const scale = Math.max(...Array.from(unpadded[key]).map(Math.abs));
      expect(scale).toBeGreaterThan(0.05);
      expect(maxAbsDiff(padded[key], 0, unpadded[key], 0, REAL_TOKENS)).toBeLessThan(1e-4 * scale + 1e-5);
      expect(maxAbsDiff(padded[key], SEQ, unpadded[key], 0, REAL_TOKENS)).toBeLessThan(1e-4 * scale + 1e-5);
      expect(padded[key].every(Number.isFinite)).toBe(true);
    }
    // control: the same tokens left visible (mask 1) do change the logits, so the check above can fail
    const visible = await run([{ ids: [...real, ...tokenIds(pad, 7)], mask: Array<bigint>(SEQ).fill(1n) }]);
    const scale = Math.max(...Array.from(unpadded.start).map(Math.abs));
    expect(maxAbsDiff(visible.start, 0, unpadded.start, 0, REAL_TOKENS)).toBeGreaterThan(1e-2 * scale);
  }, 60_000);
});
