/**
 * countMacs on a tiny self-attention graph written the way a Hugging Face torch.onnx export writes it: dynamic
 * [batch, sequence] inputs, position ids sliced from a buffer up to Shape(input_ids)[1], head split and merge by
 * Reshape targets built from Shape → Gather → Unsqueeze → Concat, Linear as MatMul + Add, scores scaled by Div.
 * onnxruntime runs it, so the shapes the hand count rests on are the runtime's.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, attr, countMacs } from '../src/index.ts';

const H = 8;
const HEADS = 2;
const D = H / HEADS;

/**
 * Per sample at S tokens: q, k, v and output projections 4·S·H², scores and weights·v 2·S²·H, qa head S·H·2.
 * S = 5: 4·5·64 + 2·25·8 + 5·8·2 = 1,280 + 400 + 80 = 1,760.
 */
function hfStyleModel(): Uint8Array {
  const g = new GraphBuilder('hf_style');
  g.input('input_ids', 'INT64', ['batch', 'sequence']);
  const shape = g.op('Shape', ['input_ids']);
  const dim = (i: number): string => g.op('Unsqueeze', [g.op('Gather', [shape, g.constInt64(`i${i}`, [i], [])], { axis: attr.int(0) }), g.constInt64(`ax${i}`, [0])]);
  const batch = dim(0);
  const seq = dim(1);
  const words = g.op('Gather', [g.initializer('word_embeddings', 'FLOAT', [10, H], new Float32Array(10 * H).fill(0.01)), 'input_ids'], { axis: attr.int(0) });
  const positionIds = g.op('Slice', [g.constInt64('position_ids', Array.from({ length: 16 }, (_, i) => i), [1, 16]), g.constInt64('p0', [0]), seq, g.constInt64('p1', [1])]);
  const x = g.op('Add', [words, g.op('Gather', [g.initializer('position_embeddings', 'FLOAT', [16, H], new Float32Array(16 * H)), positionIds], { axis: attr.int(0) })]);
  const linear = (input: string, out: number, stem: string): string =>
    g.op('Add', [g.op('MatMul', [input, g.initializer(`${stem}.weight`, 'FLOAT', [H, out], new Float32Array(H * out))]), g.initializer(`${stem}.bias`, 'FLOAT', [out], new Float32Array(out))]);
  const split = g.op('Concat', [batch, g.constInt64('minus1', [-1]), g.constInt64('heads', [HEADS]), g.constInt64('dhead', [D])], { axis: attr.int(0) });
  const heads = (y: string, perm: number[]): string => g.op('Transpose', [g.op('Reshape', [y, split])], { perm: attr.ints(perm) });
  const q = heads(linear(x, H, 'q_lin'), [0, 2, 1, 3]);
  const k = heads(linear(x, H, 'k_lin'), [0, 2, 3, 1]);
  const v = heads(linear(x, H, 'v_lin'), [0, 2, 1, 3]);
  const scores = g.op('Div', [g.op('MatMul', [q, k]), g.constFloat('sqrt_d', [Math.sqrt(D)], [])]);
  const context = g.op('MatMul', [g.op('Softmax', [scores], { axis: attr.int(-1) }), v]);
  const merge = g.op('Concat', [batch, seq, g.constInt64('hidden', [H])], { axis: attr.int(0) });
  const merged = g.op('Reshape', [g.op('Transpose', [context], { perm: attr.ints([0, 2, 1, 3]) }), merge]);
  const logits = g.op('MatMul', [linear(merged, H, 'out_lin'), g.initializer('qa.weight', 'FLOAT', [H, 2], new Float32Array(2 * H))], {}, 'logits');
  g.output(logits, 'FLOAT', ['batch', 'sequence', 2]);
  return g.toBytes();
}

describe('countMacs on a Hugging Face-style attention export', () => {
  const bytes = hfStyleModel();

  it('onnxruntime runs it at [2, 5] and gives [2, 5, 2]', async () => {
    const s = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'disabled' });
    const out = await s.run({ input_ids: new ort.Tensor('int64', new BigInt64Array(10).fill(1n), [2, 5]) });
    await s.release();
    expect(out.logits!.dims).toEqual([2, 5, 2]);
  });

  it('counts 1,760 MACs per sample at 5 tokens, the Shape-built reshapes folded', () => {
    const c = countMacs(bytes, { inputDims: { input_ids: [2, 5] } });
    expect(c.reason).toBeNull();
    expect(c.macs).toBe(2 * 1_760);
  });

  it('follows the dims fed, given as dim_param values instead', () => {
    // S = 7: 4·7·64 + 2·49·8 + 7·8·2 = 1,792 + 784 + 112 = 2,688
    expect(countMacs(bytes, { inputDims: {}, dimValues: { batch: 3, sequence: 7 } }).macs).toBe(3 * 2_688);
  });
});
