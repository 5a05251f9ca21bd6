/**
 * torchvision FastRCNNPredictor (cls_score: 1024 → 91, bbox_pred: 1024 → 91·4), with synthetic weights calibrated so
 * that the number of detections is realistic and exact.
 *
 * Random weights make class scores arbitrary: softmax over 91 near-equal logits puts every class near 1/91 < 0.05, so
 * nothing, or everything, passes the threshold depending on the input. Trained models put most classes far below
 * and a few clearly above. The synthetic predictor does that by construction:
 *   - every class but eight "active" ones has zero weights and bias -8: its score stays below e^-8 on any input;
 *   - background has zero weights and bias 0;
 *   - the active classes come in four pairs whose weight rows are w and -w, with biases 1 - m and 1 + m. So the two
 *     logits of a pair always sum to 2 and one of them is at least 1, on any input: every proposal has an active class
 *     with score >= e / (1 + 8e + 82e^-8) ≈ 0.12 > 0.05. Thousands of (proposal, class) candidates pass the
 *     threshold and hundreds survive per-class NMS — more than `detections`, so the top-`detections` cap fixes the
 *     count exactly.
 * Scale: each pair draws a centred row z of i.i.d. unit-variance components; over the demo photo's proposals z·f has
 * mean μ and std σ (measured with these seeded weights, `pairLogits`); w = (classLogitStd / σ)·z and
 * m = (classLogitStd / σ)·μ. So on that photo every active logit has mean 1 and std classLogitStd: no class starts
 * ahead of the others, and scores spread like a trained model's. The test re-measures μ and σ (`diagnostics`).
 */
import { attr } from '@modelbench/onnx';
import type { Rng } from '@modelbench/core';
import type { Layers, Sym } from '../layers.ts';
import { MASKRCNN_CONFIG as C } from './config.ts';

/** COCO category ids, pairwise: person/dog, cat/bird, car/boat, bicycle/bench */
export const ACTIVE_CLASS_PAIRS = [
  [1, 18],
  [17, 16],
  [3, 9],
  [2, 15],
] as const;
export const ACTIVE_CLASS_BIAS = 1;
export const INACTIVE_CLASS_BIAS = -8;

export interface PredictorCalibration {
  /** target std over proposals of an active class logit */
  classLogitStd: number;
  /** target std over proposals of a raw box-regression output (before the 10,10,5,5 weights) */
  boxDeltaStd: number;
  /** measured: std over the demo photo's proposals of u·f, u a centred row of unit-variance components (box rows) */
  unitRowStd: number;
  /** measured: mean and std over the demo photo's proposals of z·f for each pair's unit row z */
  pairLogits: readonly { mean: number; std: number }[];
}

export interface PredictorOutputs {
  classLogits: string;
  boxRegression: string;
}

/** Normal components of the given std, centred (their mean removed). */
function centredRow(rng: Rng, out: Float32Array, std: number): Float32Array {
  rng.fillNormal(out, 0, std);
  let mean = 0;
  for (const v of out) mean += v / out.length;
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) - mean;
  return out;
}

export function classWeights(rng: Rng, cal: PredictorCalibration): { weight: Float32Array; bias: Float32Array } {
  const features = C.representationSize;
  const weight = new Float32Array(C.numClasses * features);
  const bias = new Float32Array(C.numClasses).fill(INACTIVE_CLASS_BIAS);
  bias[0] = 0;
  ACTIVE_CLASS_PAIRS.forEach(([a, b], i) => {
    const stats = cal.pairLogits[i];
    if (!stats) throw new RangeError(`calibration has no logit statistics for class pair ${i}`);
    const scale = cal.classLogitStd / stats.std;
    const row = centredRow(rng, weight.subarray(a * features, (a + 1) * features), 1);
    for (let j = 0; j < features; j++) {
      row[j] = (row[j] as number) * scale;
      weight[b * features + j] = -(row[j] as number);
    }
    const m = scale * stats.mean;
    bias[a] = ACTIVE_CLASS_BIAS - m;
    bias[b] = ACTIVE_CLASS_BIAS + m;
  });
  return { weight, bias };
}

/** nn.Linear with given weights (Gemm, transB = 1), counted like `Layers.linear`. */
function linearWith(l: Layers, x: Sym, outFeatures: number, stem: string, weight: Float32Array, bias: Float32Array): string {
  const inFeatures = x.shape[0] as number;
  const w = l.g.initializer(`${stem}.weight`, 'FLOAT', [outFeatures, inFeatures], weight, true);
  const b = l.g.initializer(`${stem}.bias`, 'FLOAT', [outFeatures], bias, true);
  l.g.count(0, inFeatures * outFeatures);
  return l.g.op('Gemm', [x.name, w, b], { transB: attr.int(1) });
}

export function fastRcnnPredictor(l: Layers, features: Sym, cal: PredictorCalibration): PredictorOutputs {
  const cls = classWeights(l.rng.fork('cls_score'), cal);
  const classLogits = linearWith(l, features, C.numClasses, 'roi_heads.box_predictor.cls_score', cls.weight, cls.bias);
  const boxes = C.numClasses * 4;
  const boxWeight = new Float32Array(boxes * C.representationSize);
  const boxRng = l.rng.fork('bbox_pred');
  for (let r = 0; r < boxes; r++) {
    centredRow(boxRng, boxWeight.subarray(r * C.representationSize, (r + 1) * C.representationSize), cal.boxDeltaStd / cal.unitRowStd);
  }
  const boxRegression = linearWith(l, features, boxes, 'roi_heads.box_predictor.bbox_pred', boxWeight, new Float32Array(boxes));
  return { classLogits, boxRegression };
}
