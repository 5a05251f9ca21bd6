/**
 * Synthetic model builders, keyed by workload. Each builder has a version that keys the synthetic cache: bump it
 * whenever the bytes it produces change.
 *
 * Adding a workload's builder is one import and one line in BUILDERS, for example
 *   import { buildSsd300, SSD300_BUILDER_VERSION } from './synthetic/ssd300/ssd300.ts';
 *   ssd: defineSyntheticBuilder({ workload: 'ssd', version: SSD300_BUILDER_VERSION, build: buildSsd300 }),
 * (`registerSyntheticBuilder` does the same at run time, for tests and plug-ins.)
 */
import { BenchError } from '@modelbench/core';
import type { WorkloadId } from './catalogue/types.ts';
import { DISTILBERT_BUILDER_VERSION, buildDistilBertQA } from './synthetic/distilbert/build.ts';
import { buildMaskRcnn } from './synthetic/maskrcnn/build.ts';
import { MASKRCNN_BUILDER_VERSION } from './synthetic/maskrcnn/config.ts';
import { RESNET50_BUILDER_VERSION, buildResNet50 } from './synthetic/resnet50.ts';
import { SSD300_BUILDER_VERSION, buildSsd300Vgg16 } from './synthetic/ssd300/build.ts';
import type { SyntheticModel } from './synthetic/types.ts';

/** Builder options: JSON values only (they are hashed into the cache key and stored in the sidecar). */
export type SyntheticOptions = Readonly<Record<string, unknown>>;

export interface SyntheticBuilder {
  workload: WorkloadId;
  version: number;
  build(options: SyntheticOptions): SyntheticModel;
}

/** Wraps a builder with its own options type (e.g. ResNet50Options) into the registry's shape. */
export function defineSyntheticBuilder<O extends object>(b: {
  workload: WorkloadId;
  version: number;
  build: (options: O) => SyntheticModel;
}): SyntheticBuilder {
  return { workload: b.workload, version: b.version, build: (options) => b.build(options as unknown as O) };
}

const BUILDERS: Partial<Record<WorkloadId, SyntheticBuilder>> = {
  resnet50: defineSyntheticBuilder({ workload: 'resnet50', version: RESNET50_BUILDER_VERSION, build: buildResNet50 }),
  ssd: defineSyntheticBuilder({ workload: 'ssd', version: SSD300_BUILDER_VERSION, build: buildSsd300Vgg16 }),
  maskrcnn: defineSyntheticBuilder({ workload: 'maskrcnn', version: MASKRCNN_BUILDER_VERSION, build: buildMaskRcnn }),
  bert: defineSyntheticBuilder({ workload: 'bert', version: DISTILBERT_BUILDER_VERSION, build: buildDistilBertQA }),
};

const runtime = new Map<WorkloadId, SyntheticBuilder>();

/** Registers (or replaces) a builder at run time; returns a function that removes it again. */
export function registerSyntheticBuilder(builder: SyntheticBuilder): () => void {
  const before = runtime.get(builder.workload);
  runtime.set(builder.workload, builder);
  return () => {
    if (before) runtime.set(builder.workload, before);
    else runtime.delete(builder.workload);
  };
}

/** The builder this package ships for a workload (not one registered at run time), or undefined. */
export function builtInSyntheticBuilder(workload: string): SyntheticBuilder | undefined {
  return BUILDERS[workload as WorkloadId];
}

export function findSyntheticBuilder(workload: string): SyntheticBuilder | undefined {
  return runtime.get(workload as WorkloadId) ?? BUILDERS[workload as WorkloadId];
}

export function registeredSyntheticWorkloads(): WorkloadId[] {
  return [...new Set([...(Object.keys(BUILDERS) as WorkloadId[]), ...runtime.keys()])].sort();
}

export function getSyntheticBuilder(workload: string): SyntheticBuilder {
  const b = findSyntheticBuilder(workload);
  if (b) return b;
  throw new BenchError('MODEL_NOT_FOUND', `no synthetic model builder is registered for '${workload}'`, {
    hint: `registered: ${registeredSyntheticWorkloads().join(', ') || 'none'}`,
  });
}
