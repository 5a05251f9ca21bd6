/**
 * The software a result was measured with: modelbench's version (root package.json), the git commit and dirty flag
 * when run from a checkout, the installed onnxruntime packages' versions and the command line.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GitInfo, Software } from './environment-schema.ts';
import { exists, readText } from './sysfs.ts';

/** The repository root this code lives in (packages/core/src → ../../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function jsonVersion(text: string | null, expectedName?: string): string | null {
  if (text === null) return null;
  try {
    const pkg = JSON.parse(text) as { name?: unknown; version?: unknown };
    if (expectedName !== undefined && pkg.name !== expectedName) return null;
    return typeof pkg.version === 'string' ? pkg.version : null;
  } catch {
    return null;
  }
}

export function modelbenchVersion(root = REPO_ROOT): string | null {
  return jsonVersion(readText(join(root, 'package.json')), 'modelbench');
}

function git(root: string, args: string[]): string | null {
  try {
    return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/**
 * HEAD's commit and whether tracked files differ from it (`git status --porcelain --untracked-files=no`, as
 * `git describe --dirty` counts it: an untracked file does not make a build dirty). null outside a checkout.
 */
export function gitInfo(root = REPO_ROOT): GitInfo | null {
  if (!exists(join(root, '.git'))) return null;
  const head = git(root, ['rev-parse', 'HEAD'])?.trim();
  if (!head || !/^[0-9a-f]{40,64}$/.test(head)) return null;
  const status = git(root, ['status', '--porcelain', '--untracked-files=no']);
  if (status === null) return null;
  return { commit: head, dirty: status.trim().length > 0 };
}

/** The version in an installed package's package.json (found along node's lookup paths), null when not installed. */
export function installedVersion(pkg: string): string | null {
  const paths = createRequire(import.meta.url).resolve.paths(pkg) ?? [];
  for (const dir of paths) {
    const text = readText(join(dir, pkg, 'package.json'));
    if (text !== null) return jsonVersion(text, pkg);
  }
  return null;
}

interface OrtModuleView {
  env?: { versions?: unknown; logLevel?: unknown };
  listSupportedBackends?: () => unknown;
}

/**
 * What onnxruntime-node says about itself (env.versions, env.logLevel, the execution providers of this build from
 * listSupportedBackends()), when this process has loaded it; null otherwise. It is never loaded here: the module
 * cache is read (onnxruntime-node is CommonJS, so an ESM import of it lands there too).
 */
export function loadedOnnxruntimeInfo(): Record<string, unknown> | null {
  try {
    const require = createRequire(import.meta.url);
    const ort = require.cache[require.resolve('onnxruntime-node')]?.exports as OrtModuleView | undefined;
    if (!ort?.env) return null;
    const info: Record<string, unknown> = {};
    if (ort.env.versions !== undefined) info.versions = JSON.parse(JSON.stringify(ort.env.versions)) as unknown;
    if (typeof ort.env.logLevel === 'string') info.logLevel = ort.env.logLevel;
    const providers = ort.listSupportedBackends?.();
    if (Array.isArray(providers)) info.executionProviders = JSON.parse(JSON.stringify(providers)) as unknown;
    return info;
  } catch {
    return null;
  }
}

let stable: Omit<Software, 'argv' | 'onnxruntime'> & { ort: Pick<Software['onnxruntime'], 'nodeVersion' | 'commonVersion'> } | undefined;

/**
 * The software facts. Version and git state are read once per process (the git calls take tens of milliseconds);
 * `runtimeEnv` is what the caller's runtime exposes; when not given, what a loaded onnxruntime-node says about itself.
 */
export function captureSoftware(argv: readonly string[] = process.argv, runtimeEnv: Record<string, unknown> | null = null): Software {
  stable ??= {
    modelbenchVersion: modelbenchVersion(),
    git: gitInfo(),
    ort: { nodeVersion: installedVersion('onnxruntime-node'), commonVersion: installedVersion('onnxruntime-common') },
  };
  return {
    modelbenchVersion: stable.modelbenchVersion,
    git: stable.git,
    onnxruntime: { ...stable.ort, env: runtimeEnv ?? loadedOnnxruntimeInfo() },
    argv: [...argv],
  };
}
