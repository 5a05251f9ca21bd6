/**
 * Where a `tune` result is kept and how `--instances auto` reads it: one JSON file per machine (CPU model + physical
 * cores), model (sha256 of the bytes that ran), backend and precision, under the cache folder's `tune/`. A file for
 * another machine or model is never read (its name differs); one that does not parse is an IO error naming it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchError, writeFileAtomic } from '@modelbench/core';

export const TUNING_VERSION = 1;

export interface TunedCell {
  instances: number;
  threads: number;
  batch: number;
}

export interface SavedTuning {
  version: typeof TUNING_VERSION;
  machineKey: string;
  workload: string;
  modelSha256: string;
  backend: string;
  precision: string;
  /** ISO time of the tune run */
  measuredAt: string;
  offline: (TunedCell & { samplesPerSecond: number }) | null;
  server: (TunedCell & { peakQps: number; latencyBoundMs: number }) | null;
}

export interface TuningKey {
  cpuModel: string;
  physicalCores: number;
  workload: string;
  modelSha256: string;
  backend: string;
  precision: string;
}

/** `intel-xeon-platinum-8375c-cpu-2-90ghz-2c`: the CPU model in file-name letters, and its physical cores. */
export function machineKey(cpuModel: string, physicalCores: number): string {
  const slug = cpuModel.toLowerCase().replace(/\(r\)|\(tm\)/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'unknown-cpu';
  return `${slug}-${physicalCores}c`;
}

export function tuningPath(cacheDir: string, k: TuningKey): string {
  return join(cacheDir, 'tune', machineKey(k.cpuModel, k.physicalCores), `${k.workload}-${k.modelSha256.slice(0, 16)}-${k.backend}-${k.precision}.json`);
}

export function saveTuning(path: string, t: SavedTuning): void {
  writeFileAtomic(path, JSON.stringify(t, null, 2) + '\n');
}

/** The saved result at `path`, or undefined when there is none; a file that is not a tuning result is an IO error. */
export function readTuning(path: string): SavedTuning | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new BenchError('IO', `cannot read the tuning result ${path}: ${(e as Error).message}`, { hint: 'delete it, or run tune again to rewrite it' });
  }
  const t = parsed as Partial<SavedTuning>;
  if (t.version !== TUNING_VERSION || typeof t.machineKey !== 'string' || typeof t.modelSha256 !== 'string' || !('offline' in t) || !('server' in t)) {
    throw new BenchError('IO', `${path} is not a tuning result of this version`, { hint: 'delete it, or run tune again to rewrite it' });
  }
  return t as SavedTuning;
}

/** What `--instances auto` resolves to for a scenario, and where it came from (for the record). */
export interface AutoChoice {
  instances: number;
  threads: number;
  /** offline only: the tuned batch, used when --batch is not given */
  batch?: number | undefined;
  origin: string;
}

/**
 * The tuned choice for a scenario: offline takes tune's offline best, server its server best (else the offline one);
 * other scenarios, or a --threads other than the tuned one, keep the cores rule (undefined here).
 */
export function autoFromTuning(t: SavedTuning | undefined, scenario: string, threadsFlag: number | undefined, path: string): AutoChoice | undefined {
  if (!t) return undefined;
  const date = t.measuredAt.slice(0, 10);
  const pick = scenario === 'offline' ? t.offline : scenario === 'server' ? (t.server ?? t.offline) : null;
  if (!pick) return undefined;
  if (threadsFlag !== undefined && threadsFlag !== pick.threads) return undefined;
  const which = scenario === 'server' && t.server ? 'server' : 'offline';
  return {
    instances: pick.instances,
    threads: pick.threads,
    ...(scenario === 'offline' ? { batch: pick.batch } : {}),
    origin: `measured by tune ${date} (${which} best: ${pick.instances} × ${pick.threads} threads${scenario === 'offline' ? `, batch ${pick.batch}` : ''}; ${path})`,
  };
}
