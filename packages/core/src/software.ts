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

let stable: Omit<Software, 'argv' | 'onnxruntime'> & { ort: Pick<Software['onnxruntime'], 'nodeVersion' | 'commonVersion'> } | undefined;

/**
 * The software facts. Version and git state are read once per process (the git calls take tens of milliseconds);
 * `runtimeEnv` is what the caller's runtime exposes (onnxruntime's `env`: versions, log level), null when not given.
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
    onnxruntime: { ...stable.ort, env: runtimeEnv },
    argv: [...argv],
  };
}
