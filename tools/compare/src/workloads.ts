/** The workloads that exist: a workload exists when `packages/<w>/src/main.ts` (its command line) exists. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function workloadMainPath(rootDir: string, workload: string): string {
  return join(rootDir, 'packages', workload, 'src', 'main.ts');
}

export function discoverWorkloads(rootDir: string): string[] {
  const packagesDir = join(rootDir, 'packages');
  if (!existsSync(packagesDir)) return [];
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(workloadMainPath(rootDir, d.name)))
    .map((d) => d.name)
    .sort();
}
