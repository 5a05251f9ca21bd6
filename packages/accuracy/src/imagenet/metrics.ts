/**
 * Top-1 and top-5 accuracy over a data set's samples, joined with the predictions by file: top-1 counts
 * `topk[0] == label`, top-5 counts `label in topk[:5]` (torchvision references' `accuracy(output, target,
 * topk=(1, 5))`, MLPerf's argmax check for top-1). Percentages over the samples scored.
 */
import { BenchError } from '@modelbench/core';
import type { ImagenetSample } from './dataset.ts';
import type { ImagenetPrediction } from './predictions.ts';

export interface ImagenetScore {
  /** percent */
  top1: number;
  /** percent */
  top5: number;
  count: number;
  top1Correct: number;
  top5Correct: number;
}

/** Refuses predictions for files the ground truth does not hold, and samples without a prediction. */
export function joinPredictions(samples: readonly ImagenetSample[], predictions: ReadonlyMap<string, ImagenetPrediction>, source: string): ImagenetPrediction[] {
  const known = new Set(samples.map((s) => s.file));
  const foreign = [...predictions.keys()].filter((f) => !known.has(f));
  if (foreign.length > 0) {
    throw new BenchError('BAD_INPUT', `${source}: ${foreign.length} predictions are for images not in the data set (first: ${foreign[0]})`, {
      hint: 'score the predictions against the data set and subset they were made from (the manifest names them)',
    });
  }
  const missing = samples.filter((s) => !predictions.has(s.file));
  if (missing.length > 0) {
    throw new BenchError('BAD_INPUT', `${source}: ${missing.length} of ${samples.length} images have no prediction (first: ${missing[0]!.file})`, {
      hint: 'resume the accuracy run to finish it, or score the subset it covers (--offset/--limit)',
    });
  }
  return samples.map((s) => predictions.get(s.file) as ImagenetPrediction);
}

export function scoreImagenet(samples: readonly ImagenetSample[], predictions: ReadonlyMap<string, ImagenetPrediction>, source = 'predictions'): ImagenetScore {
  const joined = joinPredictions(samples, predictions, source);
  let top1 = 0;
  let top5 = 0;
  samples.forEach((s, i) => {
    const p = joined[i] as ImagenetPrediction;
    if (p.topk[0] === s.label) top1++;
    if (p.topk.slice(0, 5).includes(s.label)) top5++;
  });
  const n = samples.length;
  return { top1: n ? (100 * top1) / n : 0, top5: n ? (100 * top5) / n : 0, count: n, top1Correct: top1, top5Correct: top5 };
}
