/**
 * The configurations `tune` searches: every split of the physical cores into instances × intra-op threads that uses
 * them all (i × t = cores), times the batches (samples per call). A model that takes one sample per call runs a batch
 * as consecutive calls, which cannot be faster than batch 1, so its only batch is 1. `--inter-op-threads` is not a
 * dimension: sessions run in onnxruntime's sequential execution mode, where the inter-op pool is unused.
 */
import { BenchError } from '@modelbench/core';
import type { TunedCell } from './saved.ts';

export function coreSplits(physicalCores: number): { instances: number; threads: number }[] {
  const out: { instances: number; threads: number }[] = [];
  for (let t = physicalCores; t >= 1; t--) if (physicalCores % t === 0) out.push({ instances: physicalCores / t, threads: t });
  return out;
}

/** Default batches: 1, 4, 16 and the workload's own default batch (when at most 32), each no larger than that default. */
export function defaultBatches(defaultBatch: number): number[] {
  const set = new Set([1, 4, 16].filter((b) => b <= defaultBatch));
  if (defaultBatch <= 32) set.add(defaultBatch);
  return [...set].sort((a, b) => a - b);
}

/** `--batches 1,8,32` → [1, 8, 32]; a bad list is a USAGE error naming the fix. */
export function parseBatches(raw: string): number[] {
  const parts = raw.split(',').map((p) => p.trim());
  const values = parts.map(Number);
  if (parts.length === 0 || parts.some((p, i) => !/^\d+$/.test(p) || values[i]! < 1)) {
    throw new BenchError('USAGE', `--batches must be a comma-separated list of whole numbers ≥ 1, got '${raw}'`, { hint: 'for example --batches 1,4,16' });
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

/** Every split × batch, a split's batches together (they share its sessions). */
export function tuneCells(physicalCores: number, batches: readonly number[]): TunedCell[] {
  return coreSplits(physicalCores).flatMap((s) => batches.map((batch) => ({ ...s, batch })));
}

/** Cells of one split next to each other (fewest session opens), larger splits' threads first. */
export const bySplit = (a: TunedCell, b: TunedCell): number => b.threads - a.threads || a.batch - b.batch;

export const cellLabel = (c: TunedCell): string => `${c.instances} × ${c.threads}t, batch ${c.batch}`;
