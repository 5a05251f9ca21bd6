/**
 * `--instances auto` with a saved tune result: once the model is resolved (its sha256 is part of the key), the saved
 * file for this machine, model, backend and precision gives the instances × threads (and offline's batch) instead of
 * the cores rule; the settings then say `measured by tune <date> (…)` where the rule would say `cores rule`.
 */
import { captureEnvironment } from '@modelbench/core';
import * as models from '@modelbench/models';
import { autoFromTuning, readTuning, tuningPath, type AutoChoice } from './saved.ts';

/** What of a run's options decides the tuned choice: --instances auto, --threads, an explicit --batch, the model cache. */
export interface AutoOptions {
  instances?: number | 'auto' | undefined;
  threads?: number | undefined;
  /** --batch / --batch-size */
  batch?: number | undefined;
  cacheDir?: string | undefined;
}

export interface AutoKey {
  workload: string;
  modelSha256: string;
  backend: string;
  precision: string;
  scenario: string;
  /** tests: the machine (default: this one's) */
  cpuModel?: string;
  physicalCores?: number;
}

/** The tuned choice for `--instances auto`, or undefined (not auto, nothing saved, or --threads differs). */
export function tunedChoice(o: AutoOptions, k: AutoKey): AutoChoice | undefined {
  if (o.instances !== 'auto') return undefined;
  const cpu = captureEnvironment().cpu;
  const path = tuningPath(models.resolveCacheDir({ flag: o.cacheDir }), {
    cpuModel: k.cpuModel ?? cpu.model,
    physicalCores: k.physicalCores ?? cpu.physicalCores,
    workload: k.workload,
    modelSha256: k.modelSha256,
    backend: k.backend,
    precision: k.precision,
  });
  const choice = autoFromTuning(readTuning(path), k.scenario, o.threads, path);
  // an explicit --batch wins over the tuned one
  if (choice && o.batch !== undefined) return { ...choice, batch: undefined };
  return choice;
}
