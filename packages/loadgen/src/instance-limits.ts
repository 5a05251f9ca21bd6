/**
 * Checks made before any instance starts: instances × threads far beyond the machine's cores, and instances whose
 * sessions cannot all be held in the memory the machine has free. Either is a USAGE error naming what fits
 * (`--instances 999 --threads 1` on 2 cores otherwise starts 999 sessions and grows to gigabytes before a line prints).
 *
 * The memory need is a lower bound: each instance holds at least the model's weights (the file's bytes), one call's
 * inputs, and a worker thread or process with onnxruntime loaded (measured: 9.3–11.3 MiB per worker thread on
 * Node 20 with onnxruntime-node 1.30, before any session). Only a need beyond the free memory is refused.
 */
import { BenchError } from '@modelbench/core';

/** instances × threads above this many times the logical cores is refused; above the physical cores is a warning (settings.ts) */
export const MAX_OVERSUBSCRIPTION = 4;
/** the least a worker with onnxruntime-node loaded costs before its session (measured 9.3–11.3 MiB; the lower figure, rounded down) */
export const WORKER_BASE_BYTES = 8 * 2 ** 20;

export interface InstanceDemand {
  instances: number;
  threadsPerInstance: number;
  /** the machine's logical CPUs (os.availableParallelism()) */
  logicalCores: number;
  /** the model file's size: its weights, which every instance's session holds */
  modelBytes: number;
  /** one call's input tensors */
  inputBytesPerCall: number;
  /** memory free to start them (os.freemem(): MemAvailable on Linux) */
  availableBytes: number;
}

const gib = (b: number): string => `${(b / 2 ** 30).toFixed(1)} GiB`;

/** The least memory one instance needs, bytes. */
export function instanceBytes(d: Pick<InstanceDemand, 'modelBytes' | 'inputBytesPerCall'>): number {
  return d.modelBytes + d.inputBytesPerCall + WORKER_BASE_BYTES;
}

/** Throws a USAGE error when the instances cannot run on this machine; returns silently otherwise. */
export function checkInstanceLimits(d: InstanceDemand): void {
  const threads = d.instances * d.threadsPerInstance;
  const cores = Math.max(1, d.logicalCores);
  if (threads > MAX_OVERSUBSCRIPTION * cores) {
    const fitInstances = Math.max(1, Math.floor(cores / d.threadsPerInstance));
    throw new BenchError(
      'USAGE',
      `--instances ${d.instances} × --threads ${d.threadsPerInstance} = ${threads} threads is more than ${MAX_OVERSUBSCRIPTION}× this machine's ${cores} logical cores`,
      { hint: `pass --instances ${fitInstances} --threads ${Math.min(d.threadsPerInstance, cores)} or fewer (instances × threads at most the cores), or --instances auto` },
    );
  }
  const perInstance = instanceBytes(d);
  const need = d.instances * perInstance;
  if (need > d.availableBytes) {
    const fit = Math.max(0, Math.floor(d.availableBytes / perInstance));
    throw new BenchError(
      'USAGE',
      `--instances ${d.instances}: the instances need at least ${gib(need)} (${(perInstance / 2 ** 20).toFixed(0)} MiB each: the model's weights, one call's inputs and a worker), more than the ${gib(d.availableBytes)} free`,
      { hint: fit >= 1 ? `pass --instances ${fit} or fewer, or free memory first` : 'free memory first: not even one instance fits' },
    );
  }
}
