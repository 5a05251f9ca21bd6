/**
 * Nx's command-line parser keeps some of our flags for itself: `--batch` (its batch mode: `--batch N` reaches us as
 * a bare `N`, `--batch=N` not at all) and every `--batch-…` / `--graph-…` / `--target-…` flag (`--batch-size 1`,
 * `--graph-optimization all`, `--target-qps 5`, dropped silently). The workspace's Nx plugin (tools/nx-plugin/modelbench.cjs) reads
 * them from Nx's own argv in its preTasksExecution hook and passes them in MODELBENCH_NX_FLAGS (a JSON array of
 * words) and MODELBENCH_NX_BATCH_STRAY (which bare occurrence of the batch value is Nx's leftover, or -1).
 *
 * recoverNxArgs is a pure argv normaliser over those two variables: a flag the command line already has wins; a
 * recovered one is appended; the stray bare batch value is dropped. Outside an Nx task it returns argv unchanged.
 */

/** Flags that name the same setting: one present on the command line means the recovered one is not added. */
const SAME_SETTING: Record<string, string> = { batch: 'batch', 'batch-size': 'batch', 'graph-optimization': 'graph-optimization', 'target-qps': 'target-qps', 'target-rme': 'target-rme' };

function settingOf(word: string): string | undefined {
  if (!word.startsWith('--')) return undefined;
  const eq = word.indexOf('=');
  const name = word.slice(2, eq >= 0 ? eq : undefined);
  return SAME_SETTING[name];
}

/** The recovered flags as [flag, value?] groups. */
function groups(words: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const w of words) {
    if (w.startsWith('--') && settingOf(w) !== undefined) out.push([w]);
    else if (out.length > 0 && (out.at(-1) as string[]).length === 1) (out.at(-1) as string[]).push(w);
  }
  return out;
}

function parseWords(json: string | undefined): string[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : [];
  } catch {
    return [];
  }
}

export function recoverNxArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  if (!env.NX_TASK_TARGET_PROJECT) return [...argv];
  const recovered = groups(parseWords(env.MODELBENCH_NX_FLAGS));
  if (recovered.length === 0) return [...argv];
  const present = new Set(argv.map(settingOf).filter((s): s is string => s !== undefined));
  const out = [...argv];
  const stray = Number(env.MODELBENCH_NX_BATCH_STRAY ?? -1);
  for (const group of recovered) {
    const setting = settingOf(group[0] as string) as string;
    if (present.has(setting)) continue;
    present.add(setting);
    if (setting === 'batch' && group[0] === '--batch' && group[1] !== undefined && stray >= 0) {
      // Nx left the value of its boolean --batch in place as a bare word: drop that one occurrence
      let seen = 0;
      const at = out.findIndex((w) => w === group[1] && seen++ === stray);
      if (at >= 0) out.splice(at, 1);
    }
    out.push(...group);
  }
  return out;
}
