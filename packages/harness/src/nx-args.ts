/**
 * A workload's flags through Nx, without knowing Nx's options. Nx's parser keeps some of our words for itself: the
 * boolean `--batch` (its batch mode: `--batch N` reaches the task as a bare `N`, `--batch=N` not at all) and any
 * word it reads as one of its own options by prefix (`--batch-size 1`, `--graph-optimization all`, `--target-qps 5`:
 * dropped with their values). What it forwards is always a subsequence of what the person typed, in order.
 *
 * So the workspace's Nx plugin (tools/nx-plugin/modelbench.cjs, preTasksExecution) hands every task the words typed
 * after `nx` in MODELBENCH_NX_ARGV (a JSON array), and recoverNxArgs reads *our* flags from them with the mode's own
 * flag specs: a word is ours when it names one of our flags (`--name`, `--name=value`), and it takes the next word as
 * its value exactly when our spec says it takes one. Every other word — Nx's options in any spelling (`--maxParallel
 * 1`, `--max-parallel=1`, `-p x`), their values, the project and target — is not ours and is left to Nx. Then:
 *
 * - a flag of ours Nx did not forward (its name is not on the task's command line) is appended; one the task's
 *   command line already has wins (the project.json command's own flags, or a child process with its own --batch);
 * - a bare word Nx forwarded that is the value of one of those swallowed flags (the `N` of `--batch N`) is dropped,
 *   once per such value; any other bare word stays, and performance refuses it with a line that names the fix.
 *
 * Outside an Nx task (no NX_TASK_TARGET_PROJECT) argv is returned unchanged; the caller applies it only in its own
 * task (workload-main: project = workload), never in a child process another task started.
 */
import type { FlagSpecs } from '@modelbench/core';

/** Our flags that name one setting under two names. */
const SAME_SETTING: Record<string, string> = { 'batch-size': 'batch' };

type Group = { name: string; words: string[]; value?: string };

function flagName(word: string): string | undefined {
  if (!word.startsWith('--') || word === '--') return undefined;
  const eq = word.indexOf('=');
  return word.slice(2, eq >= 0 ? eq : undefined);
}

const settingOf = (name: string): string => SAME_SETTING[name] ?? name;

/**
 * Pure: our flags among the words a person typed, as groups (`--name=value` stays one word), in order; `--` is
 * skipped (Nx forwards what follows it, and it is ours all the same).
 */
export function ownFlags(typed: readonly string[], specs: FlagSpecs): Group[] {
  const out: Group[] = [];
  for (let i = 0; i < typed.length; i++) {
    const word = typed[i] as string;
    const name = flagName(word);
    const spec = name === undefined ? undefined : specs[name];
    if (name === undefined || spec === undefined) continue;
    if (word.includes('=') || spec.kind === 'boolean') {
      out.push({ name, words: [word], value: word.includes('=') ? word.slice(word.indexOf('=') + 1) : undefined });
      continue;
    }
    const next = typed[i + 1];
    // a value is the next word unless it is a flag (a negative number is a value: the workload refuses it)
    if (next !== undefined && next !== '--' && (!next.startsWith('-') || /^-(\d|\.\d|Infinity)/.test(next))) {
      out.push({ name, words: [word, next], value: next });
      i++;
    } else {
      out.push({ name, words: [word] });
    }
  }
  return out;
}

/** Pure: the settings named on a task's command line, and its bare words (not the value of a flag of ours). */
function scan(argv: readonly string[], specs: FlagSpecs): { settings: Set<string>; bare: number[] } {
  const settings = new Set<string>();
  const bare: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    const name = flagName(word);
    if (name === undefined) {
      if (word !== '--') bare.push(i);
      continue;
    }
    settings.add(settingOf(name));
    const spec = specs[name];
    if (spec && spec.kind !== 'boolean' && !word.includes('=') && argv[i + 1] !== undefined) i++;
  }
  return { settings, bare };
}

function typedWords(json: string | undefined): string[] | undefined {
  if (!json) return undefined;
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  } catch {
    return undefined;
  }
}

export function recoverNxArgs(argv: readonly string[], specs: FlagSpecs, env: NodeJS.ProcessEnv = process.env): string[] {
  if (!env.NX_TASK_TARGET_PROJECT) return [...argv];
  const typed = typedWords(env.MODELBENCH_NX_ARGV);
  if (typed === undefined) return [...argv];
  const { settings, bare } = scan(argv, specs);
  const swallowed = ownFlags(typed, specs).filter((g) => !settings.has(settingOf(g.name)));
  // the values Nx left behind as bare words, once each
  const leftBehind = swallowed.flatMap((g) => (g.value !== undefined && g.words.length === 2 ? [g.value] : []));
  const drop = new Set<number>();
  for (const value of leftBehind) {
    const at = bare.find((i) => !drop.has(i) && argv[i] === value);
    if (at !== undefined) drop.add(at);
  }
  const out = argv.filter((_, i) => !drop.has(i));
  // every occurrence in order: of a repeated flag the last wins, as on the direct command line
  for (const g of swallowed) out.push(...g.words);
  return out;
}

/** The fix of a bare word under Nx: where it came from and how to write it. */
export function strayWordHint(word: string, env: NodeJS.ProcessEnv = process.env): string {
  const underNx = Boolean(env.NX_TASK_TARGET_PROJECT);
  return underNx
    ? `Nx passed '${word}' on as a bare word: give it to a flag (--batch ${word}, --iterations ${word}), or put the workload's flags after \`--\` (nx run <workload>:performance -- --batch ${word})`
    : 'flags start with --; see --help';
}
