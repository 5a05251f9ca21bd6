/**
 * modelbench's Nx plugin (nx.json "plugins"): two task-execution hooks, Nx's documented extension points
 * (https://nx.dev/docs/extending-nx/task-running-lifecycle). Plain CommonJS so Nx loads it without a transpiler.
 *
 * preTasksExecution — hands every task of the command two things in its environment:
 *   MODELBENCH_NX_ARGV, the words typed after `nx` (a JSON array). Nx's parser keeps some of the workloads' words for
 *   itself (`--batch`, and by prefix `--batch-size`, `--graph-optimization`, `--target-qps` …); the harness's
 *   recoverNxArgs reads its own flags back from these words with each mode's flag specs, so nothing here names
 *   either Nx's options or ours.
 *   MODELBENCH_RECORD_DIR, out/records/<run-id>/, the run's record folder: each workload task writes its record
 *   there by default (or where --json says) and claims the file, so two tasks never write the same one.
 *
 * postTasksExecution — after the tasks, one summary table of the run's records (summary.cjs), on screen after a
 *   `run-many` (or whenever there are several records) with each task's wall time under it, and as summary.md and
 *   summary.csv in the run's folder, then
 *   every error record's `error [CODE]` line once more (from the records). A task Nx replayed from its cache ran no
 *   process and wrote no record in the run's folder: its row comes from the record.json its restored outputs hold
 *   (validate and accuracy copy their record into their out-dir, harness cached-record.ts), marked "(Nx cache)";
 *   a replay with no such file (a cache entry older than that copy, or an --out-dir outside the target's outputs) is
 *   named as having no record, with the way to get one — its printed text is never read.
 */
'use strict';
const { mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { readRunRecords, renderCsv, renderMarkdown, renderText, summaryRows } = require('./summary.cjs');

const RUNS = ['out', 'records'];

/** Pure: a run id that sorts by time and names Nx's command id, e.g. 20261206-211530-3f9a1c2b. */
function runIdOf(date, nxId) {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${String(nxId).replace(/[^0-9a-z]/gi, '').slice(0, 8) || 'run'}`;
}

/** The run folder of Nx's command id, found by its suffix (post runs in the same process, but need not). */
function runDirOf(workspaceRoot, nxId) {
  const root = join(workspaceRoot, ...RUNS);
  const suffix = `-${String(nxId).replace(/[^0-9a-z]/gi, '').slice(0, 8) || 'run'}`;
  if (process.env.MODELBENCH_RECORD_DIR && process.env.MODELBENCH_RECORD_DIR.endsWith(suffix)) return process.env.MODELBENCH_RECORD_DIR;
  try {
    const name = readdirSync(root).find((n) => n.endsWith(suffix));
    return name ? join(root, name) : undefined;
  } catch {
    return undefined;
  }
}

/** Pure: milliseconds as m:ss (rounded to the second). */
function clockOf(ms) {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Pure: each task's wall time as Nx timed it (its task's startTime/endTime), then the tasks' run as a whole (the
 * context's startTime/endTime: from the first task's start, so Nx's own start-up and project graph are not in it),
 * e.g. `task times: resnet50:performance 0:41, ssd:performance 0:52; all tasks 1:33`. Undefined when Nx gave none.
 * @param {Record<string, { task?: { startTime?: number, endTime?: number } }>} taskResults
 * @param {number | undefined} startTime
 * @param {number | undefined} endTime
 */
function taskTimesLine(taskResults, startTime, endTime) {
  const finite = (v) => typeof v === 'number' && Number.isFinite(v);
  const parts = Object.entries(taskResults)
    .filter(([, r]) => finite(r?.task?.startTime) && finite(r?.task?.endTime))
    .map(([id, r]) => `${id} ${clockOf(r.task.endTime - r.task.startTime)}`);
  if (parts.length === 0) return undefined;
  const whole = finite(startTime) && finite(endTime) ? `; all tasks ${clockOf(endTime - startTime)}` : '';
  return `task times: ${parts.join(', ')}${whole}`;
}

/**
 * The record a replayed task's outputs hold: a cacheable task (validate, accuracy) copies its record into its
 * out-dir as record.json (harness cached-record.ts), which Nx restores with the outputs; undefined where none is.
 * @param {string} workspaceRoot
 * @param {{ task?: { outputs?: string[] } }} result
 */
function cachedRecordOf(workspaceRoot, result) {
  for (const out of result?.task?.outputs ?? []) {
    try {
      return JSON.parse(readFileSync(join(workspaceRoot, out, 'record.json'), 'utf8'));
    } catch {
      // not this output
    }
  }
  return undefined;
}

/** Pure: whether the command ran several projects' targets (run-many, affected) rather than one `nx run`. */
function isManyCommand(argv) {
  return argv.slice(2).some((a) => a === 'run-many' || a === 'affected');
}

module.exports = {
  name: 'modelbench',
  runIdOf,
  cachedRecordOf,
  taskTimesLine,
  preTasksExecution(_options, context) {
    const argv = context.argv ?? [];
    process.env.MODELBENCH_NX_ARGV = JSON.stringify(argv.slice(2));
    process.env.MODELBENCH_RECORD_DIR = join(context.workspaceRoot, ...RUNS, runIdOf(new Date(), context.id));
  },
  postTasksExecution(_options, context) {
    const results = context.taskResults ?? {};
    const dir = runDirOf(context.workspaceRoot, context.id);
    const order = Object.keys(results);
    const { records, missing, tasks, errors } = dir ? readRunRecords(dir, order) : { records: [], missing: [], tasks: [], errors: [] };
    // a task Nx replayed from its cache ran no process and wrote no record in this run's folder: the record its
    // restored outputs hold stands in (marked as the cache's); one whose outputs hold none is named
    const cached = order.filter((id) => /cache/.test(String(results[id]?.status ?? '')) && !tasks.includes(id));
    const fromCache = cached.map((id) => cachedRecordOf(context.workspaceRoot, results[id]));
    const replayed = cached.filter((_, k) => fromCache[k] === undefined);
    const restored = fromCache.filter((r) => r !== undefined);
    const many = isManyCommand(context.argv ?? []) || records.length + restored.length > 1;
    const out = [];
    if (records.length + restored.length > 0 && dir) {
      const rows = [...summaryRows(records), ...summaryRows(restored).map((row) => ({ ...row, mode: `${row.mode} (Nx cache)` }))];
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'summary.md'), renderMarkdown(rows));
      writeFileSync(join(dir, 'summary.csv'), renderCsv(rows));
      if (many) {
        const rel = relative(process.cwd(), dir) || '.';
        const kept = restored.length ? `; ${restored.length} replayed by Nx from its cache, their records in their out-dirs` : '';
        out.push('', `modelbench summary (${rows.length} record${rows.length === 1 ? '' : 's'}; ${join(rel, 'summary.md')}, summary.csv and the records in ${rel}${kept}):`, renderText(rows));
        const times = taskTimesLine(results, context.startTime, context.endTime);
        if (times) out.push(times);
      }
    }
    if (many && replayed.length) out.push('', `replayed by Nx from its cache with no record in its outputs (an older cache entry, or an --out-dir outside the target's outputs): ${replayed.join(', ')}; its output above is the earlier run's — run again with --skip-nx-cache for a record`);
    const unrecorded = order.filter((id) => results[id]?.status === 'failure' && !tasks.includes(id));
    const noRecord = [...missing, ...unrecorded.filter((id) => !missing.includes(id))];
    if (many && noRecord.length) out.push(`failed before writing a record (see its output above): ${noRecord.join(', ')}`);
    if (many && errors.length) out.push('', 'errors:', ...errors.map((l) => `  ${l}`));
    if (out.length) process.stdout.write(out.join('\n') + '\n');
  },
};
