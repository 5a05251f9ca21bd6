/**
 * What a failed cell says about itself, from the workload's stderr: the CLI's own `error [CODE]: message` line and
 * its `fix:` hint (core's format), or else the last line and how the process ended.
 */
export interface CellFailure {
  code: string;
  message: string;
  hint?: string;
}

export function cellFailure(stderr: string, exit: { code: number | null; signal: string | null }): CellFailure {
  const lines = stderr.split('\n').map((l) => l.trimEnd());
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^error \[([A-Z0-9_]+)\]: (.*)$/.exec(lines[i]!);
    if (m) {
      const fix = /^\s+fix: (.*)$/.exec(lines[i + 1] ?? '');
      return { code: m[1]!, message: m[2]!, ...(fix ? { hint: fix[1]! } : {}) };
    }
  }
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const last = lines.filter((l) => l.trim().length > 0).at(-1);
  return { code: 'CELL_FAILED', message: last ? `performance ${how}: ${last.trim()}` : `performance ${how} without a message` };
}
