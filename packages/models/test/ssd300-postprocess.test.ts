/**
 * The in-graph post-processing alone (a small graph fed head outputs directly), against the loop-by-loop torchvision
 * oracle in ssd300-reference.ts: no candidates, a trained-like score map, and the random-init flood where every
 * class passes 0.01 at every anchor (36,000 boxes into NMS, the per-class top-400 cap binding).
 */
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '@modelbench/onnx';
import { Rng } from '@modelbench/core';
import { SSD300_NUM_ANCHORS } from '../src/synthetic/ssd300/config.ts';
import { scopedOp } from '../src/synthetic/ssd300/ops.ts';
import { ssdPostprocess } from '../src/synthetic/ssd300/postprocess.ts';
import { referencePostprocess, type ReferenceDetections } from './ssd300-reference.ts';

const A = SSD300_NUM_ANCHORS;
let session: ort.InferenceSession;

beforeAll(async () => {
  const g = new GraphBuilder('ssd300_postprocess');
  g.input('cls_logits', 'FLOAT', [1, A, 91]);
  g.input('bbox_regression', 'FLOAT', [1, A, 4]);
  const det = ssdPostprocess(g, 'cls_logits', 'bbox_regression', { labels: 'labels', scores: 'scores' });
  scopedOp(g, 'postprocess', 'Identity', [det.boxes], {}, 'boxes');
  g.output('boxes', 'FLOAT', ['n', 4]);
  g.output('labels', 'INT64', ['n']);
  g.output('scores', 'FLOAT', ['n']);
  session = await ort.InferenceSession.create(g.toBytes(), { intraOpNumThreads: 1 });
});

async function run(cls: Float32Array, reg: Float32Array): Promise<{ boxes: Float32Array; labels: number[]; scores: Float32Array; n: number }> {
  const out = await session.run({ cls_logits: new ort.Tensor('float32', cls, [1, A, 91]), bbox_regression: new ort.Tensor('float32', reg, [1, A, 4]) });
  const n = out.scores!.dims[0] as number;
  expect(out.boxes!.dims).toEqual([n, 4]);
  expect(out.labels!.dims).toEqual([n]);
  expect(out.labels!.type).toBe('int64');
  return { boxes: out.boxes!.data as Float32Array, labels: Array.from(out.labels!.data as BigInt64Array, Number), scores: out.scores!.data as Float32Array, n };
}

function expectSame(got: Awaited<ReturnType<typeof run>>, want: ReferenceDetections): void {
  expect(got.n).toBe(want.labels.length);
  expect(got.labels).toEqual(want.labels);
  want.scores.forEach((s, i) => expect(got.scores[i]).toBeCloseTo(s, 6));
  want.boxes.forEach((b, i) => b.forEach((v, j) => expect(got.boxes[4 * i + j]).toBeCloseTo(v, 2)));
}

function logits(rng: Rng, background: number, std: number): Float32Array {
  const x = rng.fillNormal(new Float32Array(A * 91), 0, std);
  for (let i = 0; i < A; i++) x[i * 91] = (x[i * 91] as number) + background;
  return x;
}

describe('SSD300 in-graph post-processing', () => {
  it('returns empty outputs when every anchor is background', async () => {
    const cls = new Float32Array(A * 91);
    for (let i = 0; i < A; i++) cls[i * 91] = 8;
    const got = await run(cls, new Float32Array(A * 4));
    expect(got.n).toBe(0);
  });

  it('matches torchvision on a trained-like score map (a few hundred candidates)', async () => {
    const rng = new Rng(7);
    const cls = logits(rng, 10, 1.2);
    const reg = rng.fillNormal(new Float32Array(A * 4), 0, 1);
    const want = referencePostprocess(cls, reg, 300, 300);
    expect(want.candidates).toBeGreaterThan(100);
    expect(want.candidates).toBeLessThan(5000);
    expectSame(await run(cls, reg), want);
  });

  it('matches torchvision on the random-init flood: 90 classes × top-400 = 36,000 candidates, 200 kept', async () => {
    const rng = new Rng(8);
    const cls = logits(rng, 0, 0.3);
    const reg = rng.fillNormal(new Float32Array(A * 4), 0, 1);
    const want = referencePostprocess(cls, reg, 300, 300);
    expect(want.candidates).toBe(36_000);
    expect(want.labels.length).toBe(200);
    expectSame(await run(cls, reg), want);
  });

  it('decodes with the BoxCoder weights and clamps dw, dh at log(1000/16)', async () => {
    // one candidate: anchor 0 (map 0, centre 4, 4, size 21) with codes (10, -10, 5, 100)
    const cls = new Float32Array(A * 91);
    for (let i = 0; i < A; i++) cls[i * 91] = 20;
    cls[3] = 20; // anchor 0, class 3: score 0.5
    const reg = new Float32Array(A * 4);
    reg.set([10, -10, 5, 100], 0);
    const got = await run(cls, reg);
    expect(got.n).toBe(1);
    expect(got.labels).toEqual([3]);
    expect(got.scores[0]).toBeCloseTo(0.5, 6);
    // centre (4 + 1·21, 4 − 1·21) = (25, −17), width 21·e = 57.08, height 21·1000/16 = 1312.5: x1 = −3.5 and the
    // height clip to [0, 300]
    const w = 21 * Math.E;
    expect(Array.from(got.boxes)).toEqual([0, 0, 25 + w / 2, 300].map((v) => expect.closeTo(v, 3)));
  });
});
