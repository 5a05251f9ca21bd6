/**
 * Nx keeps `--batch` for its own batch mode: `nx run w:performance --batch 4` reaches the program as a bare `4`, and
 * `--batch=4` not at all. When running under Nx we read the flag back from the command line of the `nx` process
 * that started us (its pid is in NX_INVOCATION_ROOT_PID) and put it back; a stray bare integer is dropped.
 */
import { readFileSync } from 'node:fs';

/** Pure: the value of --batch in an argv, in either form. */
export function batchFromArgv(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--batch') {
      const next = argv[i + 1];
      return next !== undefined && !next.startsWith('-') ? next : undefined;
    }
    if (a.startsWith('--batch=')) return a.slice('--batch='.length);
  }
  return undefined;
}

function rootCommandLine(env: NodeJS.ProcessEnv): string[] | undefined {
  const pid = env.NX_INVOCATION_ROOT_PID;
  if (!pid || !/^\d+$/.test(pid)) return undefined;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

/** Pure core: given our argv and the root nx argv, restore `--batch N`. */
export function restoreBatch(argv: readonly string[], rootArgv: readonly string[] | undefined): string[] {
  if (batchFromArgv(argv) !== undefined || !rootArgv) return [...argv];
  const value = batchFromArgv(rootArgv);
  if (value === undefined) return [...argv];
  const out = [...argv];
  const stray = out.indexOf(value);
  if (stray >= 0) out.splice(stray, 1);
  return [...out, '--batch', value];
}

export function recoverNxArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  if (!env.NX_TASK_TARGET_PROJECT) return [...argv];
  return restoreBatch(argv, rootCommandLine(env));
}
