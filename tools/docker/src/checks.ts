/** What the build-test expects of a container run: pure judgements over exit codes and output. */

export const TARGET_LINE = /^\[TARGET\] (\S+) Time (\S+)\s*$/;

/** `[TARGET] <workload> Time <seconds>` lines → workload → seconds (the last line per workload wins). */
export function parseTargetLines(stdout: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const m = TARGET_LINE.exec(line.trim());
    if (m) found.set(m[1]!, Number(m[2]));
  }
  return found;
}

/** Problems with the TARGET lines: a workload without one, or with a time that is not a positive number. */
export function targetProblems(stdout: string, workloads: readonly string[]): string[] {
  const found = parseTargetLines(stdout);
  const problems: string[] = [];
  for (const w of workloads) {
    const s = found.get(w);
    if (s === undefined) problems.push(`no [TARGET] line for ${w}`);
    else if (!Number.isFinite(s) || s <= 0) problems.push(`[TARGET] ${w}: time ${s} is not a positive number of seconds`);
  }
  for (const w of found.keys()) if (!workloads.includes(w)) problems.push(`[TARGET] line for unexpected workload ${w}`);
  return problems;
}

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Expectation {
  /** `0`, another exact code, or `nonzero` */
  exit: number | 'nonzero';
  /** each must occur in stderr (case-insensitive) */
  stderrIncludes?: readonly string[];
  stdoutIncludes?: readonly string[];
}

export function outcomeProblems(o: Outcome, e: Expectation): string[] {
  const problems: string[] = [];
  const exitOk = e.exit === 'nonzero' ? o.code !== 0 : o.code === e.exit;
  if (!exitOk) problems.push(`exit code ${o.code}, expected ${e.exit === 'nonzero' ? 'non-zero' : e.exit}`);
  for (const s of e.stderrIncludes ?? []) {
    if (!o.stderr.toLowerCase().includes(s.toLowerCase())) problems.push(`stderr lacks "${s}"`);
  }
  for (const s of e.stdoutIncludes ?? []) {
    if (!o.stdout.toLowerCase().includes(s.toLowerCase())) problems.push(`stdout lacks "${s}"`);
  }
  return problems;
}

/** Problems with a `--json` record file's content for `workload` (one record or an array of them). */
export function recordProblems(json: string, workload: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    return [`not JSON: ${(e as Error).message}`];
  }
  const records = Array.isArray(parsed) ? parsed : [parsed];
  if (records.length === 0) return ['no record in the file'];
  const problems: string[] = [];
  for (const r of records as Record<string, unknown>[]) {
    if (r === null || typeof r !== 'object') problems.push('a record is not an object');
    else {
      if (r.workload !== workload) problems.push(`record.workload is ${JSON.stringify(r.workload)}, expected ${workload}`);
      if (r.status !== 'ok') problems.push(`record.status is ${JSON.stringify(r.status)}, expected "ok"`);
    }
  }
  return problems;
}

/** The uid printed by `id -u`: root is a failure for an image that must run as non-root. */
export function userProblems(configUser: string, idOutput: string): string[] {
  const problems: string[] = [];
  const user = configUser.trim();
  if (user === '' || user === 'root' || user === '0' || user.startsWith('0:') || user.startsWith('root:')) {
    problems.push(`image Config.User is ${user === '' ? 'unset (root)' : user}`);
  }
  const uid = idOutput.trim();
  if (!/^\d+$/.test(uid)) problems.push(`id -u printed ${JSON.stringify(uid)}`);
  else if (uid === '0') problems.push('the container runs as uid 0');
  return problems;
}
