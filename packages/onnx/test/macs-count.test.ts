/**
 * countMacs on small hand-made graphs whose counts are worked out by hand below, written the way torch.onnx.export
 * writes them (Conv with a bias input, grouped conv, ConvTranspose, x.view(x.size(0), -1) as Shape → Gather →
 * Unsqueeze → Concat → Reshape, Linear as Gemm transB=1, MatMul with broadcast batch dims, Resize by scales).
 * onnxruntime runs each graph, so the shapes the hand counts rest on are the runtime's, not ours.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, OnnxDecodeError, attr, countMacs, serializeGraph } from '../src/index.ts';

const zeros = (n: number): Float32Array => new Float32Array(n);

/**
 * Per sample (N = batch):
 *   conv1  Conv 3→8, 3×3, pad 1 on 32×32 → 8×32×32:        8·32·32 · 3·3·3           = 221,184
 *   pool   MaxPool 2×2 → 8×16×16                                                        0
 *   conv2  Conv 8→16, 3×3, stride 2, pad 1, group 2 → 16×8×8: 16·8·8 · (8/2)·3·3       =  36,864
 *   up     ConvTranspose 16→8, 2×2, stride 2, group 2 → 8×16×16: 8·8 (input) · 16·4·2·2 =  16,384
 *   fc     view(N, -1) → 2048, Gemm transB 2048→10:           2048·10                    =  20,480
 *   proj   [N, 8, 256] · W[256, 4] (batch broadcast):         8·256·4                    =   8,192
 *   gram   [N, 8, 256] · [N, 256, 8]:                         8·256·8                    =  16,384
 *   head   Resize ×2 (16→32), Conv 8→2, 1×1:                  2·32·32 · 8                =  16,384
 *   total                                                                                = 335,872
 */
function torchStyleModel(): Uint8Array {
  const g = new GraphBuilder('torch_style');
  g.input('x', 'FLOAT', ['batch', 3, 32, 32]);
  const w1 = g.initializer('conv1.weight', 'FLOAT', [8, 3, 3, 3], zeros(216));
  const b1 = g.initializer('conv1.bias', 'FLOAT', [8], zeros(8));
  const c1 = g.op('Conv', ['x', w1, b1], { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]), strides: attr.ints([1, 1]) });
  const p = g.op('MaxPool', [g.op('Relu', [c1])], { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) });
  const w2 = g.initializer('conv2.weight', 'FLOAT', [16, 4, 3, 3], zeros(576));
  const c2 = g.op('Conv', [p, w2], { kernel_shape: attr.ints([3, 3]), pads: attr.ints([1, 1, 1, 1]), strides: attr.ints([2, 2]), group: attr.int(2) });
  const wt = g.initializer('up.weight', 'FLOAT', [16, 4, 2, 2], zeros(256));
  const up = g.op('ConvTranspose', [c2, wt], { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]), group: attr.int(2) });
  // x.view(x.size(0), -1)
  const n = g.op('Unsqueeze', [g.op('Gather', [g.op('Shape', [up]), g.constInt64('zero', [0], [])], { axis: attr.int(0) }), g.constInt64('axes0', [0])]);
  const flat = g.op('Reshape', [up, g.op('Concat', [n, g.constInt64('minus_one', [-1])], { axis: attr.int(0) })]);
  g.op('Gemm', [flat, g.initializer('fc.weight', 'FLOAT', [10, 2048], zeros(20480)), g.initializer('fc.bias', 'FLOAT', [10], zeros(10))], { transB: attr.int(1) }, 'logits');
  const z = g.op('Reshape', [up, g.constInt64('rows', [0, 8, 256])]);
  g.op('MatMul', [z, g.initializer('proj.weight', 'FLOAT', [256, 4], zeros(1024))], {}, 'proj');
  g.op('MatMul', [z, g.op('Transpose', [z], { perm: attr.ints([0, 2, 1]) })], {}, 'gram');
  const big = g.op('Resize', [up, '', g.constFloat('scales', [1, 1, 2, 2])], { mode: attr.string('nearest') });
  g.op('Conv', [big, g.initializer('head.weight', 'FLOAT', [2, 8, 1, 1], zeros(16))], { kernel_shape: attr.ints([1, 1]) }, 'head');
  g.output('logits', 'FLOAT', ['batch', 10]);
  g.output('proj', 'FLOAT', ['batch', 8, 4]);
  g.output('gram', 'FLOAT', ['batch', 8, 8]);
  g.output('head', 'FLOAT', ['batch', 2, 32, 32]);
  return g.toBytes();
}

describe('countMacs on a torch-style graph', () => {
  const bytes = torchStyleModel();

  it('onnxruntime gives the shapes the hand count uses', async () => {
    const s = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'disabled' });
    const out = await s.run({ x: new ort.Tensor('float32', new Float32Array(2 * 3 * 32 * 32), [2, 3, 32, 32]) });
    await s.release();
    expect(out.logits!.dims).toEqual([2, 10]);
    expect(out.proj!.dims).toEqual([2, 8, 4]);
    expect(out.gram!.dims).toEqual([2, 8, 8]);
    expect(out.head!.dims).toEqual([2, 2, 32, 32]);
  });

  it('counts 335,872 MACs per sample, per op type as worked out above', () => {
    const c = countMacs(bytes, { inputDims: { x: [2, 3, 32, 32] } });
    expect(c.reason).toBeNull();
    expect(c.macs).toBe(2 * 335_872);
    expect(c.perOp).toEqual({ Conv: 2 * (221_184 + 36_864 + 16_384), ConvTranspose: 2 * 16_384, Gemm: 2 * 20_480, MatMul: 2 * (8_192 + 16_384) });
  });

  it('rejects input dims that contradict the model instead of counting them', () => {
    const c = countMacs(bytes, { inputDims: { x: [2, 3, 32] } });
    expect(c.macs).toBeNull();
    expect(c.reason).toMatch(/inputDims\['x'\] has rank 3, the model's input has rank 4/);
    expect(countMacs(bytes, { inputDims: { x: [2, 4, 32, 32] } }).reason).toMatch(/inputDims\['x'\]\[1\] = 4, the model fixes it at 3/);
  });
});

describe('countMacs after a Resize by scales', () => {
  it('sizes the output as onnxruntime does: float32(scale · size), truncated', async () => {
    const scale = Math.fround(800 / 480); // 1.66666663; 480 · it is 799.99998 in double, 800 in float32
    const g = new GraphBuilder('resize');
    g.input('x', 'FLOAT', [1, 1, 480, 480]);
    const y = g.op('Resize', ['x', '', g.constFloat('scales', [1, 1, scale, scale])], { mode: attr.string('nearest') });
    g.op('Conv', [y, g.initializer('w', 'FLOAT', [1, 1, 1, 1], zeros(1))], { kernel_shape: attr.ints([1, 1]) }, 'out');
    g.output('out', 'FLOAT', [1, 1, 'h', 'w']);
    const bytes = g.toBytes();
    const s = await ort.InferenceSession.create(bytes);
    const out = await s.run({ x: new ort.Tensor('float32', new Float32Array(480 * 480), [1, 1, 480, 480]) });
    await s.release();
    const side = out.out!.dims[2] as number;
    expect(countMacs(bytes, { inputDims: { x: [1, 1, 480, 480] } }).macs).toBe(side * side); // a 1×1, 1→1 conv: one MAC a pixel
    expect(side).toBe(800);
  });
});

describe('countMacs where a count is impossible', () => {
  it('a data-dependent row count before a MatMul: null with the reason, then counted from a given value', () => {
    const g = new GraphBuilder('nonzero');
    g.input('mask', 'BOOL', [100]);
    g.input('features', 'FLOAT', [100, 16]);
    const rows = g.op('Reshape', [g.op('NonZero', ['mask']), g.constInt64('flat', [-1])]);
    g.op('MatMul', [g.op('Gather', ['features', rows], { axis: attr.int(0) }), g.initializer('w', 'FLOAT', [16, 4], zeros(64))], {}, 'y');
    g.output('y', 'FLOAT', ['rows', 4]);
    const bytes = g.toBytes();
    const open = countMacs(bytes, { inputDims: { mask: [100], features: [100, 16] } });
    expect(open.macs).toBeNull();
    expect(open.reason).toMatch(/data-dependent sizes: .*NonZero/);
    expect(open.openDims).toHaveLength(1);
    expect(open.openDims[0]?.upperBound).toBe(100);
    const name = open.openDims[0]?.name as string;
    // 30 selected rows · 16 · 4
    expect(countMacs(bytes, { inputDims: { mask: [100], features: [100, 16] }, dimValues: { [name]: 30 } }).macs).toBe(30 * 16 * 4);
    expect(countMacs(bytes, { inputDims: { mask: [100], features: [100, 16] }, dataDependent: 'upper-bound' }).macs).toBe(100 * 16 * 4);
  });

  it('an op the shape inference does not know, feeding a Conv: null, naming the op', () => {
    const g = new GraphBuilder('custom');
    g.input('x', 'FLOAT', [1, 3, 8, 8]);
    const y = g.op('Conv', [g.op('MyCustomOp', ['x']), g.initializer('w', 'FLOAT', [4, 3, 1, 1], zeros(12))], { kernel_shape: attr.ints([1, 1]) }, 'y');
    g.output(y, 'FLOAT', [1, 4, 8, 8]);
    const c = countMacs(g.toBytes(), { inputDims: { x: [1, 3, 8, 8] } });
    expect(c.macs).toBeNull();
    expect(c.reason).toMatch(/cannot count Conv .*MyCustomOp/);
  });

  it('an op with MACs the counter has no rule for (Einsum): null, not a figure without it', () => {
    const g = new GraphBuilder('einsum');
    g.input('a', 'FLOAT', [4, 8]);
    g.input('b', 'FLOAT', [8, 2]);
    g.op('Einsum', ['a', 'b'], { equation: attr.string('ij,jk->ik') }, 'y');
    g.output('y', 'FLOAT', [4, 2]);
    const c = countMacs(g.toBytes(), { inputDims: { a: [4, 8], b: [8, 2] } });
    expect(c.macs).toBeNull();
    expect(c.reason).toMatch(/MACs of Einsum are not counted/);
  });

  it('a Loop: ignored when its body has no MACs (torchvision pastes masks so), null when it has', () => {
    const loopModel = (bodyOp: string): Uint8Array => {
      const body = serializeGraph({
        name: 'body',
        nodes: [
          { opType: 'Identity', inputs: ['cond_in'], outputs: ['cond_out'], name: 'keep_going', attrs: {} },
          { opType: bodyOp, inputs: bodyOp === 'MatMul' ? ['m', 'm'] : ['m'], outputs: ['m_out'], name: 'step', attrs: {} },
        ],
        initializers: [],
        inputs: [
          { name: 'i', dataType: 'INT64', shape: [] },
          { name: 'cond_in', dataType: 'BOOL', shape: [] },
          { name: 'm', dataType: 'FLOAT', shape: [4, 4] },
        ],
        outputs: [
          { name: 'cond_out', dataType: 'BOOL', shape: [] },
          { name: 'm_out', dataType: 'FLOAT', shape: [4, 4] },
        ],
      });
      const g = new GraphBuilder('loop');
      g.input('x', 'FLOAT', [4, 4]);
      g.input('trips', 'INT64', []);
      g.input('go', 'BOOL', []);
      const y = g.op('MatMul', ['x', 'x']); // 4·4·4 = 64
      g.node('Loop', ['trips', 'go', y], { body: { kind: 'graph', value: body } }, ['looped']);
      g.output('looped', 'FLOAT', [4, 4]);
      return g.toBytes();
    };
    const dims = { inputDims: { x: [4, 4], trips: [], go: [] } };
    expect(countMacs(loopModel('Relu'), dims).macs).toBe(64);
    const c = countMacs(loopModel('MatMul'), dims);
    expect(c.macs).toBeNull();
    expect(c.reason).toMatch(/cannot count Loop .*sub-graph runs MatMul/);
  });

  it('rows kept by NonMaxSuppression, scattered into zeros of that many rows (torchvision merge_levels), then a Linear', () => {
    const g = new GraphBuilder('detector');
    g.input('boxes', 'FLOAT', [1, 50, 4]);
    g.input('scores', 'FLOAT', [1, 1, 50]);
    g.input('features', 'FLOAT', [50, 16]);
    const selected = g.op('NonMaxSuppression', ['boxes', 'scores', g.constInt64('max_per_class', [10]), g.constFloat('iou', [0.5])]);
    const keep = g.op('Reshape', [g.op('Slice', [selected, g.constInt64('s2', [2]), g.constInt64('s3', [3]), g.constInt64('ax1', [1])]), g.constInt64('flat', [-1])]);
    const rows = g.op('Gather', ['features', keep], { axis: attr.int(0) });
    const n = g.op('Slice', [g.op('Shape', [rows]), g.constInt64('z0', [0]), g.constInt64('z1', [1])]);
    const blank = g.op('ConstantOfShape', [g.op('Concat', [n, g.constInt64('width', [16])], { axis: attr.int(0) })]);
    const positions = g.op('Unsqueeze', [g.op('Range', [g.constInt64('r0', [0], []), g.op('Squeeze', [n, g.constInt64('sq', [0])]), g.constInt64('r1', [1], [])]), g.constInt64('ax', [1])]);
    const merged = g.op('ScatterND', [blank, positions, rows]);
    g.op('Gemm', [merged, g.initializer('w', 'FLOAT', [8, 16], zeros(128))], { transB: attr.int(1) }, 'y');
    g.output('y', 'FLOAT', ['kept', 8]);
    const bytes = g.toBytes();
    const dims = { inputDims: { boxes: [1, 50, 4], scores: [1, 1, 50], features: [50, 16] } };
    const open = countMacs(bytes, dims);
    expect(open.macs).toBeNull();
    expect(open.openDims.map((d) => [d.origin.startsWith('boxes kept by NonMaxSuppression'), d.upperBound])).toEqual([[true, 10]]);
    const name = open.openDims[0]?.name as string;
    expect(countMacs(bytes, { ...dims, dimValues: { [name]: 4 } }).macs).toBe(4 * 16 * 8);
    expect(countMacs(bytes, { ...dims, dataDependent: 'upper-bound' }).macs).toBe(10 * 16 * 8);
  });

  it('bytes that are not an ONNX model: an OnnxDecodeError, not a figure', () => {
    expect(() => countMacs(new TextEncoder().encode('not a model at all'), { inputDims: {} })).toThrow(OnnxDecodeError);
    expect(() => countMacs(new Uint8Array([8, 1]), { inputDims: {} })).toThrow(/no graph/);
  });
});
