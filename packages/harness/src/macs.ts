/**
 * Multiply-accumulates per sample for the model a run actually uses. Synthetic models keep their builder's figure
 * (the graph counter is tested to give exactly that number, packages/models/test/macs-builders.test.ts); every other
 * model is counted from its own graph at the dims actually fed — never another model's reference figure. Where the
 * graph cannot be counted (an open dimension, a data-dependent size without a value, an op the counter does not
 * know) the figure is null and `reason` says why.
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

export function macsForRun(model: ResolvedModel, inputDims: Record<string, readonly number[]>, batchPerCall: number, hints: RunMacsHints = {}): RunMacs {
  if (model.synthetic && model.info.macsPerSample !== null) return { macsPerSample: model.info.macsPerSample, reason: null };
  if (!(Number.isInteger(batchPerCall) && batchPerCall >= 1)) return { macsPerSample: null, reason: `batch per call must be a positive integer, got ${batchPerCall}` };
  let bytes: Uint8Array;
  try {
    bytes = model.artifact.bytes ?? new Uint8Array(readFileSync(model.artifact.path));
  } catch (e) {
    return { macsPerSample: null, reason: `cannot read ${model.artifact.path}: ${(e as Error).message}` };
  }
  try {
    const count = countMacs(bytes, { inputDims, ...hints });
    if (count.macs === null) return { macsPerSample: null, reason: count.reason };
    return { macsPerSample: count.macs / batchPerCall, reason: count.atUpperBound ? 'counted at the upper bounds of its data-dependent sizes' : null };
  } catch (e) {
    if (e instanceof OnnxDecodeError) return { macsPerSample: null, reason: e.message };
    throw e;
  }
}
