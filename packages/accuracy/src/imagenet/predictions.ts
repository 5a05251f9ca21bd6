/**
 * ImageNet predictions as top-k JSONL: one line per image, `{"file": "n01440764/x.JPEG", "topk": [65, 1, …],
 * "logits": [12.5, 9.1, …]}` — class indices best first (topk.ts) and their logits. The file is append-only while
 * inference runs (resumable), keyed by `file`; scoring joins it with the ground truth by that key.
 */
import { BenchError } from '@modelbench/core';
import { topKIndices } from './topk.ts';

export interface ImagenetPrediction {
  file: string;
  /** class indices, best first */
  topk: number[];
  /** the logits of those classes */
  logits: number[];
}

export function imagenetPrediction(file: string, logits: ArrayLike<number>, k = 5, offset = 0, classes = logits.length - offset): ImagenetPrediction {
  const topk = topKIndices(logits, k, offset, classes);
  return { file, topk, logits: topk.map((c) => logits[offset + c] as number) };
}

/** Checks one parsed JSONL record; `where` names the file and line in the error. */
export function checkImagenetPrediction(v: unknown, where: string): ImagenetPrediction {
  const o = v as Partial<ImagenetPrediction> | null;
  const ok =
    typeof o === 'object' && o !== null && typeof o.file === 'string' && Array.isArray(o.topk) && o.topk.length > 0 &&
    o.topk.every((c) => Number.isInteger(c) && c >= 0);
  if (!ok) {
    throw new BenchError('BAD_INPUT', `${where}: not an ImageNet top-k record ({"file": …, "topk": [class, …]})`, {
      hint: 'pass the predictions JSONL written by the accuracy run',
    });
  }
  return { file: o.file as string, topk: o.topk as number[], logits: Array.isArray(o.logits) ? (o.logits as number[]) : [] };
}
