/**
 * vitest globalSetup: one model cache for this package's test run, shared by the test files that build the synthetic
 * SSD300-VGG16 (cli-synthetic, accuracy-cli), so the model is built once a run instead of once a file.
 * Still private to the run (a fresh temporary folder, removed at the end), never the checkout's own cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODEL_CACHE_ENV } from './cli.ts';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'mb-ssd-models-'));
  process.env[MODEL_CACHE_ENV] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
