/**
 * Test oracle: torchvision 0.14 SSD.postprocess_detections + transform.postprocess written out loop by loop, as the
 * Python does it (per-class threshold and top-k, then batched NMS by per-class greedy suppression, keep 200).
 */
import { anchorCentresAndSizes, defaultBoxesXyxy } from '../src/synthetic/ssd300/anchors.ts';

export interface ReferenceDetections {
  boxes: number[][];
  labels: number[];
  scores: number[];
  /** boxes that passed the score threshold and the per-class top-k */
  candidates: number;
}

const ANCHORS = anchorCentresAndSizes(defaultBoxesXyxy());

export function softmaxRows(logits: Float32Array, classes: number): Float64Array {
  const out = new Float64Array(logits.length);
  for (let r = 0; r < logits.length / classes; r++) {
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, logits[r * classes + k] as number);
    let z = 0;
    for (let k = 0; k < classes; k++) z += Math.exp((logits[r * classes + k] as number) - max);
    for (let k = 0; k < classes; k++) out[r * classes + k] = Math.exp((logits[r * classes + k] as number) - max) / z;
  }
  return out;
}

function decode(codes: Float32Array, i: number): number[] {
  const [cx, cy, w, h] = Array.from(ANCHORS.subarray(4 * i, 4 * i + 4)) as [number, number, number, number];
  const clip = Math.log(1000 / 16);
  const dx = (codes[4 * i] as number) / 10;
  const dy = (codes[4 * i + 1] as number) / 10;
  const dw = Math.min((codes[4 * i + 2] as number) / 5, clip);
  const dh = Math.min((codes[4 * i + 3] as number) / 5, clip);
  const px = dx * w + cx;
  const py = dy * h + cy;
  const pw = Math.exp(dw) * w;
  const ph = Math.exp(dh) * h;
  return [px - pw / 2, py - ph / 2, px + pw / 2, py + ph / 2].map((v) => Math.min(300, Math.max(0, v)));
}

function iou(a: number[], b: number[]): number {
  const area = (x: number[]): number => ((x[2] as number) - (x[0] as number)) * ((x[3] as number) - (x[1] as number));
  const w = Math.max(0, Math.min(a[2] as number, b[2] as number) - Math.max(a[0] as number, b[0] as number));
  const h = Math.max(0, Math.min(a[3] as number, b[3] as number) - Math.max(a[1] as number, b[1] as number));
  const inter = w * h;
  return inter / (area(a) + area(b) - inter);
}

export function referencePostprocess(clsLogits: Float32Array, bboxRegression: Float32Array, imageHeight: number, imageWidth: number, classes = 91): ReferenceDetections {
  const anchors = bboxRegression.length / 4;
  const probs = softmaxRows(clsLogits, classes);
  const cand: { box: number[]; score: number; label: number }[] = [];
  for (let label = 1; label < classes; label++) {
    const passing: { i: number; s: number }[] = [];
    for (let i = 0; i < anchors; i++) {
      const s = probs[i * classes + label] as number;
      if (s > 0.01) passing.push({ i, s });
    }
    passing.sort((a, b) => b.s - a.s);
    for (const { i, s } of passing.slice(0, 400)) cand.push({ box: decode(bboxRegression, i), score: s, label });
  }
  const order = cand.map((_, i) => i).sort((a, b) => (cand[b] as { score: number }).score - (cand[a] as { score: number }).score);
  const suppressed = new Uint8Array(cand.length);
  const keep: number[] = [];
  // greedy NMS per label; keep[:200] of torchvision's full keep list is the first 200 kept in score order
  for (let p = 0; p < order.length && keep.length < 200; p++) {
    const i = order[p] as number;
    if (suppressed[i]) continue;
    keep.push(i);
    const ci = cand[i] as { box: number[]; label: number };
    for (let q = p + 1; q < order.length; q++) {
      const j = order[q] as number;
      const cj = cand[j] as { box: number[]; label: number };
      if (!suppressed[j] && cj.label === ci.label && iou(ci.box, cj.box) > 0.45) suppressed[j] = 1;
    }
  }
  const kept = keep.slice(0, 200).map((i) => cand[i] as { box: number[]; score: number; label: number });
  const rw = imageWidth / 300;
  const rh = imageHeight / 300;
  return {
    boxes: kept.map((c) => [(c.box[0] as number) * rw, (c.box[1] as number) * rh, (c.box[2] as number) * rw, (c.box[3] as number) * rh]),
    labels: kept.map((c) => c.label),
    scores: kept.map((c) => c.score),
    candidates: cand.length,
  };
}
