/**
 * modelbench's Nx plugin (nx.json "plugins"): two task-execution hooks, Nx's documented extension points
 * (https://nx.dev/docs/extending-nx/task-running-lifecycle). Plain CommonJS so Nx loads it without a transpiler.
 *
 * preTasksExecution — Nx's own command-line parser takes some of the workloads' flags for itself before it
 *   forwards the rest: `--batch` is Nx's batch mode (`--batch N` reaches the task as a bare `N`, `--batch=N` not at
 *   all) and any `--batch-…`, `--graph-…` or `--target-…` flag (`--batch-size 1`, `--graph-optimization all`,
 *   `--target-qps 5`) is dropped
 *   silently. The hook reads those flags from Nx's argv (context.argv) and hands them to the tasks in
 *   MODELBENCH_NX_FLAGS (a JSON array of command-line words); the harness's recoverNxArgs puts them back.
 *   When `--batch` itself was given, Nx is in batch mode and prints every task's output prefixed, and when the task
 *   also runs in Nx's pseudo-terminal those lines come out as a staircase (line feeds without carriage returns);
 *   NX_NATIVE_COMMAND_RUNNER=false runs the task on plain pipes instead, so the lines stay whole.
 *
 * postTasksExecution — after `run-many` Nx ends with its task list (and in a terminal its TUI hides the tasks'
 *   output), so the hook prints every task's `[TARGET]`, verdict and error lines once more, below Nx's summary.
 */
'use strict';

/** Flags of ours that Nx's parser swallows, and whether each takes a value. */
// (`--target-…` too: performance --scenario's --target-qps and --target-rme never reach the task otherwise)
const SWALLOWED = { batch: true, 'batch-size': true, 'graph-optimization': true, 'target-qps': true, 'target-rme': true };
/** Nx's own options that take a value: their values are not stray words. */
const NX_VALUE_OPTIONS = new Set([
  '--parallel', '--max-parallel', '-p', '--projects', '-t', '--targets', '--target', '-c', '--configuration',
  '--exclude', '--output-style', '--project',
]);

/**
 * Pure: our swallowed flags in Nx's argv, as command-line words, and — for `--batch N` — which bare occurrence of
 * N among the words Nx forwards is the stray one (0-based), or -1.
 * @param {readonly string[]} nxArgv process.argv of the nx process
 * @returns {{ words: string[], batchStray: number }}
 */
function swallowedFlags(nxArgv) {
  const words = [];
  let batchStray = -1;
  const end = nxArgv.indexOf('--');
  const args = end >= 0 ? nxArgv.slice(0, end) : nxArgv.slice();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    const name = a.slice(2, eq >= 0 ? eq : undefined);
    if (!(name in SWALLOWED)) continue;
    if (eq >= 0) {
      words.push(`--${name}`, a.slice(eq + 1));
      continue;
    }
    const next = args[i + 1];
    const hasValue = next !== undefined && (!next.startsWith('-') || /^-\d/.test(next));
    if (!hasValue) {
      words.push(`--${name}`);
      continue;
    }
    words.push(`--${name}`, next);
    if (name === 'batch') {
      // Nx's boolean --batch leaves its value behind as a bare word, forwarded in place: count the same words
      // Nx forwards before it (not those that are values of Nx's own options) to know which one it is.
      let before = 0;
      for (let j = 2; j < i; j++) if (args[j] === next && !NX_VALUE_OPTIONS.has(args[j - 1])) before++;
      batchStray = before;
    }
    i++;
  }
  return { words, batchStray };
}

/** @param {string} s */
function plainText(s) {
  return s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

/**
 * Pure: the result lines of each task's output, as `project:target  line`. What a line is: `[TARGET] …`, a
 * `verdict …` line, or `error [CODE]: …` (what a failed run says).
 * @param {Record<string, { terminalOutput?: string, status?: string }>} taskResults
 * @returns {string[]}
 */
function resultLines(taskResults) {
  const out = [];
  for (const [id, result] of Object.entries(taskResults)) {
    const text = plainText(String(result.terminalOutput ?? ''));
    for (const crlf of text.split('\n')) {
      // a carriage return redraws the line: what stays on screen is what follows the last one
      const raw = crlf.replace(/\r+$/, '');
      const line = raw.slice(raw.lastIndexOf('\r') + 1).replace(/^\S+:\s(?=\[TARGET\]|verdict|error \[)/, '').trim();
      if (/^\[TARGET\] /.test(line) || /^verdict\b/i.test(line) || /^error \[[A-Z0-9_]+\]:/.test(line)) out.push(`${id}  ${line}`);
    }
  }
  return out;
}

module.exports = {
  name: 'modelbench',
  swallowedFlags,
  resultLines,
  preTasksExecution(_options, context) {
    const { words, batchStray } = swallowedFlags(context.argv ?? []);
    if (words.length === 0) return;
    process.env.MODELBENCH_NX_FLAGS = JSON.stringify(words);
    process.env.MODELBENCH_NX_BATCH_STRAY = String(batchStray);
    if (words.includes('--batch')) process.env.NX_NATIVE_COMMAND_RUNNER = 'false';
  },
  postTasksExecution(_options, context) {
    const results = context.taskResults ?? {};
    const many = (context.argv ?? []).some((a) => a === 'run-many' || a === 'affected');
    if (!many && Object.keys(results).length < 2) return; // a single `nx run` shows its own output in full
    const lines = resultLines(results);
    if (lines.length === 0) return;
    process.stdout.write(`\nmodelbench results:\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
  },
};
