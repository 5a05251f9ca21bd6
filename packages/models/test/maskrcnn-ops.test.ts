/**
 * The Mask R-CNN graph's building blocks, each run alone in onnxruntime-node on small inputs and compared with plain
 * ports of torchvision's Python (maskrcnn-reference.ts) or with hand-computed values.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '@modelbench/onnx';
import { Rng } from '@modelbench/core';
import { baseAnchors, levelAnchors } from '../src/synthetic/maskrcnn/anchors.ts';
import { batchedNms, decodeBoxes } from '../src/synthetic/maskrcnn/box-coder.ts';
import { GraphOps } from '../src/synthetic/maskrcnn/graph-ops.ts';
import { pasteMasks } from '../src/synthetic/maskrcnn/paste.ts';
import { roiLevels } from '../src/synthetic/maskrcnn/roi-pool.ts';
import { torchvisionResizedSize, transformImage } from '../src/synthetic/maskrcnn/transform.ts';
import { referenceDecode, referencePaste } from './maskrcnn-reference.ts';

type Feeds = Record<string, ort.Tensor>;

/** Builds a graph with `build`, runs it once on `feeds`, returns the outputs by name. */
async function runGraph(
  inputs: { name: string; type: 'FLOAT' | 'INT64'; shape: (number | string)[] }[],
  outputs: { name: string; type: 'FLOAT' | 'INT64'; rank: number }[],
  build: (o: GraphOps) => string[],
  feeds: Feeds,
): Promise<ort.InferenceSession.OnnxValueMapType> {
  const g = new GraphBuilder('test');
  const o = new GraphOps(g);
  for (const i of inputs) g.input(i.name, i.type, i.shape);
  const results = build(o);
  results.forEach((value, i) => {
    const out = outputs[i]!;
    o.op('Identity', [value], {}, out.name);
    g.output(out.name, out.type, Array.from({ length: out.rank }, (_, d) => `${out.name}_${d}`));
  });
  const session = await ort.InferenceSession.create(g.toBytes(), { intraOpNumThreads: 1 });
  return session.run(feeds);
}

describe('Mask R-CNN building blocks', () => {
  it('base anchors are torchvision AnchorGenerator cell anchors (rounded half to even)', () => {
    expect(baseAnchors(32)).toEqual([
      [-23, -11, 23, 11],
      [-16, -16, 16, 16],
      [-11, -23, 11, 23],
    ]);
    expect(baseAnchors(512)).toEqual([
      [-362, -181, 362, 181],
      [-256, -256, 256, 256],
      [-181, -362, 181, 362],
    ]);
  });

  it('grid anchors: integer strides from the padded size, (y, x, ratio) order', async () => {
    // feature 3×4 on a 96×130 padded image: strides 96//3 = 32 and 130//4 = 32 (integer division)
    const out = await runGraph(
      [{ name: 'feature', type: 'FLOAT', shape: [1, 1, 3, 4] }, { name: 'padded', type: 'INT64', shape: [2] }],
      [{ name: 'anchors', type: 'FLOAT', rank: 2 }],
      (o) => [levelAnchors(o, 'feature', 'padded', 64)],
      { feature: new ort.Tensor('float32', new Float32Array(12), [1, 1, 3, 4]), padded: new ort.Tensor('int64', BigInt64Array.from([96n, 130n]), [2]) },
    );
    const anchors = out.anchors!.data as Float32Array;
    expect(out.anchors!.dims).toEqual([3 * 4 * 3, 4]);
    const base = baseAnchors(64);
    for (let y = 0; y < 3; y++) {
      for (let x = 0; x < 4; x++) {
        for (let a = 0; a < 3; a++) {
          const row = (y * 4 + x) * 3 + a;
          const expected = [x * 32 + base[a]![0]!, y * 32 + base[a]![1]!, x * 32 + base[a]![2]!, y * 32 + base[a]![3]!];
          expect(Array.from(anchors.subarray(row * 4, row * 4 + 4))).toEqual(expected);
        }
      }
    }
  });

  it('box decoding matches BoxCoder.decode_single, including the dw/dh clamp', async () => {
    const rng = new Rng(3);
    const boxes = Float32Array.from({ length: 40 }, (_, i) => (i % 4 < 2 ? 100 * rng.uniform() : 120 + 100 * rng.uniform()));
    const deltas = Float32Array.from({ length: 40 }, () => 4 * rng.normal());
    deltas[2] = 50; // far beyond log(1000/16) once divided by 5
    const out = await runGraph(
      [{ name: 'd', type: 'FLOAT', shape: [10, 4] }, { name: 'b', type: 'FLOAT', shape: [10, 4] }],
      [{ name: 'decoded', type: 'FLOAT', rank: 2 }],
      (o) => [decodeBoxes(o, 'd', 'b', [10, 10, 5, 5])],
      { d: new ort.Tensor('float32', deltas, [10, 4]), b: new ort.Tensor('float32', boxes, [10, 4]) },
    );
    const decoded = out.decoded!.data as Float32Array;
    for (let i = 0; i < 10; i++) {
      const expected = referenceDecode(Array.from(deltas.subarray(4 * i, 4 * i + 4)), Array.from(boxes.subarray(4 * i, 4 * i + 4)), [10, 10, 5, 5]);
      for (let k = 0; k < 4; k++) expect(decoded[4 * i + k]).toBeCloseTo(expected[k]!, 2);
    }
    // the clamped box is exp(log(62.5)) = 62.5 times as wide as its reference
    expect((decoded[2]! - decoded[0]!) / (boxes[2]! - boxes[0]!)).toBeCloseTo(62.5, 3);
  });

  it('LevelMapper: floor(4 + log2(sqrt(area)/224) + 1e-6), clamped to P2..P5', async () => {
    const sides = [10, 111, 112, 224, 447, 448, 2000];
    const boxes = Float32Array.from(sides.flatMap((s) => [5, 5, 5 + s, 5 + s]));
    const out = await runGraph(
      [{ name: 'b', type: 'FLOAT', shape: [sides.length, 4] }],
      [{ name: 'level', type: 'INT64', rank: 1 }],
      (o) => [roiLevels(o, 'b')],
      { b: new ort.Tensor('float32', boxes, [sides.length, 4]) },
    );
    expect(Array.from(out.level!.data as BigInt64Array, Number)).toEqual([0, 0, 1, 2, 2, 3, 3]);
  });

  it('batched NMS keeps the best box per overlapping cluster and never compares different groups', async () => {
    // two identical boxes in group 0 (one suppressed), the same box in group 1 (kept), a far box under the threshold
    const boxes = Float32Array.from([0, 0, 10, 10, 0, 0, 10, 10.5, 0, 0, 10, 10, 50, 50, 60, 60]);
    const scores = Float32Array.from([0.9, 0.95, 0.3, 0.04]);
    const groups = Float32Array.from([0, 0, 1, 1]);
    const out = await runGraph(
      [{ name: 'b', type: 'FLOAT', shape: [4, 4] }, { name: 's', type: 'FLOAT', shape: [4] }, { name: 'g', type: 'FLOAT', shape: [4] }],
      [{ name: 'keep', type: 'INT64', rank: 1 }],
      (o) => [batchedNms(o, 'b', 's', 'g', 0.5, 100, 0.05)],
      { b: new ort.Tensor('float32', boxes, [4, 4]), s: new ort.Tensor('float32', scores, [4]), g: new ort.Tensor('float32', groups, [4]) },
    );
    expect(Array.from(out.keep!.data as BigInt64Array, Number)).toEqual([1, 2]);
  });

  it('transform: 480×640 becomes 799×1066 (float32 scale, as eager torchvision), padded to 800×1088', async () => {
    expect(torchvisionResizedSize(480, 640)).toEqual({ height: 799, width: 1066 });
    expect(torchvisionResizedSize(800, 800)).toEqual({ height: 800, width: 800 });
    expect(torchvisionResizedSize(100, 1000)).toEqual({ height: 133, width: 1332 });
    const out = await runGraph(
      [{ name: 'images', type: 'FLOAT', shape: [3, 'h', 'w'] }],
      [{ name: 'batched', type: 'FLOAT', rank: 4 }, { name: 'resized', type: 'INT64', rank: 1 }],
      (o) => {
        const t = transformImage(o, 'images', 800);
        return [t.batched.name, t.resizedHw];
      },
      { images: new ort.Tensor('float32', new Float32Array(3 * 480 * 640).fill(0.5), [3, 480, 640]) },
    );
    expect(out.batched!.dims).toEqual([1, 3, 800, 1088]);
    expect(Array.from(out.resized!.data as BigInt64Array, Number)).toEqual([799, 1066]);
    const x = out.batched!.data as Float32Array;
    // inside: (0.5 - 0.485) / 0.229 in channel 0; the padding is zero
    expect(x[10 * 1088 + 10]).toBeCloseTo((0.5 - 0.485) / 0.229, 5);
    expect(x[10 * 1088 + 1070]).toBe(0);
    expect(x[799 * 1088 + 10]).toBe(0);
  });

  it('vectorised paste equals paste_mask_in_image per detection, boxes inside, across and outside the border', async () => {
    const rng = new Rng(11);
    const [height, width, side] = [37, 53, 28];
    const boxes = [
      [3.2, 4.7, 20.9, 30.1],
      [-6.5, 10.2, 12.4, 45.8],
      [40.3, -3.3, 70.2, 20.6],
      [10, 10, 10.4, 10.2],
      [60, 50, 80, 70],
    ];
    const n = boxes.length;
    const masks = Float32Array.from({ length: n * side * side }, () => rng.uniform());
    const out = await runGraph(
      [{ name: 'm', type: 'FLOAT', shape: [n, 1, side, side] }, { name: 'b', type: 'FLOAT', shape: [n, 4] }, { name: 'hw', type: 'INT64', shape: [2] }],
      [{ name: 'pasted', type: 'FLOAT', rank: 4 }],
      (o) => [pasteMasks(o, 'm', 'b', 'hw', side)],
      {
        m: new ort.Tensor('float32', masks, [n, 1, side, side]),
        b: new ort.Tensor('float32', Float32Array.from(boxes.flat()), [n, 4]),
        hw: new ort.Tensor('int64', BigInt64Array.from([BigInt(height), BigInt(width)]), [2]),
      },
    );
    expect(out.pasted!.dims).toEqual([n, 1, height, width]);
    const pasted = out.pasted!.data as Float32Array;
    for (let d = 0; d < n; d++) {
      const expected = referencePaste(masks.subarray(d * side * side, (d + 1) * side * side), side, boxes[d]!, height, width);
      let maxError = 0;
      for (let i = 0; i < height * width; i++) maxError = Math.max(maxError, Math.abs(pasted[d * height * width + i]! - expected[i]!));
      expect(maxError).toBeLessThan(1e-5);
    }
    // the box entirely outside the image pastes nothing; the others paste something
    expect(pasted.subarray(4 * height * width).every((v) => v === 0)).toBe(true);
    expect(pasted.subarray(0, height * width).some((v) => v > 0)).toBe(true);
  });
});
