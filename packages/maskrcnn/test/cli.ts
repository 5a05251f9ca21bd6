/** Runs the maskrcnn command line as a user would (tsx main.ts …) with a private or shared model cache. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../../..');
const main = join(root, 'packages/maskrcnn/src/main.ts');
const tsx = join(root, 'node_modules/.bin/tsx');

/** Set by model-cache-setup.ts (vitest globalSetup) to the run's shared model cache. */
export const MODEL_CACHE_ENV = 'MODELBENCH_TEST_MODEL_CACHE';
let ownCache: string | undefined;
/** The model cache the synthetic-model runs share within one test run (a private folder of its own without the setup). */
export function syntheticCache(): string {
  return process.env[MODEL_CACHE_ENV] ?? (ownCache ??= mkdtempSync(join(tmpdir(), 'mb-maskrcnn-models-')));
}

export function cli(args: string[], cacheDir?: string): { status: number | null; stdout: string; stderr: string } {
  // progress off (as the other workloads' test helpers): stderr holds only warnings and errors
  const env = { ...process.env, MODELBENCH_PROGRESS: '0', ...(cacheDir ? { MODELBENCH_CACHE_DIR: cacheDir } : {}) };
  const r = spawnSync(tsx, [main, ...args], { cwd: root, encoding: 'utf8', env, timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
