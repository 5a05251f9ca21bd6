/**
 * Which workloads an image (or a checkout) has: every `packages/<w>/src/main.ts`. The original's four come first in
 * its order, any other workload after them alphabetically, so the default command prints the TARGET lines in a
 * stable order however many workloads exist yet.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const REFERENCE_ORDER: readonly string[] = ['resnet50', 'ssd', 'maskrcnn', 'bert'];

/** Package folders that are workloads: those with `src/main.ts`. */
export function discoverWorkloads(repoRoot: string): string[] {
  const packagesDir = join(repoRoot, 'packages');
  if (!existsSync(packagesDir)) return [];
  const names = readdirSync(packagesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(packagesDir, d.name, 'src', 'main.ts')))
    .map((d) => d.name);
  return orderWorkloads(names);
}

/** The reference four in their order, then the rest alphabetically. */
export function orderWorkloads(names: readonly string[]): string[] {
  const known = REFERENCE_ORDER.filter((w) => names.includes(w));
  const others = names.filter((w) => !REFERENCE_ORDER.includes(w)).sort();
  return [...known, ...others];
}

export function workloadMainPath(repoRoot: string, workload: string): string {
  return join(repoRoot, 'packages', workload, 'src', 'main.ts');
}

/** Workspace command-line tools the image also exposes by name: `docker run IMAGE backends`. */
export const TOOL_SCRIPTS: Readonly<Record<string, string>> = {
  backends: 'packages/backends/src/cli.ts',
  models: 'packages/models/src/cli.ts',
};

export function discoverTools(repoRoot: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [name, rel] of Object.entries(TOOL_SCRIPTS)) {
    if (existsSync(join(repoRoot, rel))) found[name] = rel;
  }
  return found;
}
