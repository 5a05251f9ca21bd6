/**
 * Multiply-accumulates per sample for the model a run actually uses, counted from its own graph at the dims actually
 * fed — never another model's reference figure. On the synthetic graphs the count equals the builders' figures at
 * their reference dims (packages/models/test/macs-builders.test.ts) and follows the dims when they differ (BERT's
 * sequence length, Mask R-CNN's resized photo size).
 *
 * Data-dependent sizes (rows kept by NMS, NonZero): a synthetic model fixes them at the bounds its graph states (its
 * weights are calibrated so exactly that many survive), so it is counted there; any other model needs `hints` (see
 * countMacs) or gets null. Where nothing can be counted the figure is null and `reason` says why — no figure is
 * assumed, not even the builder's (it holds only at the builder's reference dims).
 */
import { readFileSync } from 'node:fs';
import { countMacs, OnnxDecodeError, type CountMacsOptions } from '@modelbench/onnx';
import type { ResolvedModel } from './resolve-model.ts';

export interface RunMacs {
  macsPerSample: number | null;
  reason: string | null;
}

/** Extra facts for graphs with data-dependent sizes (detectors): see countMacs. */
export type RunMacsHints = Pick<CountMacsOptions, 'dimValues' | 'dataDependent' | 'excludeNodeNamePrefixes'>;

function countFromGraph(model: ResolvedModel, inputDims: Record<string, readonly number[]>, batchPerCall: number, hints: RunMacsHints): RunMacs {
  let bytes: Uint8Array;
  try {
    bytes = model.artifact.bytes ?? new Uint8Array(readFileSync(model.artifact.path));
  } catch (e) {
    return { macsPerSample: null, reason: `cannot read ${model.artifact.path}: ${(e as Error).message}` };
  }
  try {
    const count = countMacs(bytes, { inputDims, ...(model.synthetic ? { dataDependent: 'upper-bound' as const } : {}), ...hints });
    if (count.macs === null) return { macsPerSample: null, reason: count.reason };
    return { macsPerSample: count.macs / batchPerCall, reason: null };
  } catch (e) {
    if (e instanceof OnnxDecodeError) return { macsPerSample: null, reason: e.message };
    throw e;
  }
}

export function macsForRun(model: ResolvedModel, inputDims: Record<string, readonly number[]>, batchPerCall: number, hints: RunMacsHints = {}): RunMacs {
  if (!(Number.isInteger(batchPerCall) && batchPerCall >= 1)) return { macsPerSample: null, reason: `batch per call must be a positive integer, got ${batchPerCall}` };
  return countFromGraph(model, inputDims, batchPerCall, hints);
}
