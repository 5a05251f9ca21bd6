/**
 * The charting library the HTML page inlines: Chart.js's minified UMD bundle from node_modules, so the page needs no
 * network. Its licence header travels with it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BenchError } from '@modelbench/core';

export interface ChartLibrary {
  name: string;
  version: string;
  source: string;
}

let cached: ChartLibrary | undefined;

export function chartLibrary(): ChartLibrary {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  let distDir: string;
  try {
    distDir = dirname(require.resolve('chart.js'));
  } catch (e) {
    throw new BenchError('IO', `chart.js is not installed: ${(e as Error).message}`, { hint: 'run `npm ci` at the repository root' });
  }
  const bundle = join(distDir, 'chart.umd.min.js');
  if (!existsSync(bundle)) throw new BenchError('IO', `chart.js has no UMD bundle at ${bundle}`, { hint: 'reinstall chart.js 4 (`npm ci`)' });
  const source = readFileSync(bundle, 'utf8');
  const version = /Chart\.js v([0-9][^\s*]*)/.exec(source)?.[1] ?? 'unknown';
  // Inlined in a <script> element: the text must not close it early.
  cached = { name: 'Chart.js', version, source: source.replace(/<\/script/gi, '<\\/script') };
  return cached;
}
