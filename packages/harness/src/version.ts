/** `--version`: the suite's version (the root package.json) and each inference runtime's, from the registry. */
import { readFileSync } from 'node:fs';
import type { BackendRegistry } from '@modelbench/backends';

const ROOT_PACKAGE = new URL('../../../package.json', import.meta.url);

export function suiteVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(ROOT_PACKAGE, 'utf8')) as { name?: string; version?: string };
    return `${pkg.name ?? 'modelbench'} ${pkg.version ?? 'unknown'}`;
  } catch {
    return 'modelbench unknown';
  }
}

/** One line per distinct runtime of the registry's backends (the null backend computes nothing and has none). */
export function versionLines(registry: BackendRegistry): string[] {
  const runtimes = [...new Set(registry.backends.filter((b) => b.runtime !== 'none').map((b) => `${b.runtime} ${b.runtimeVersion}`))];
  return [suiteVersion(), ...runtimes];
}
