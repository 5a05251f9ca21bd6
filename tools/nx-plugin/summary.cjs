/**
 * The summary table after a run: one row per run record the tasks of this Nx run wrote (read from the records, never
 * from their printed text), rendered for the terminal, as markdown and as CSV. Pure functions over plain objects, plus
 * readRunRecords, which reads the claims folder the tasks filled (see packages/harness/src/record-path.ts).
 */
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const COLUMNS = [
  ['workload', 'workload'],
  ['mode', 'mode'],
  ['batch', 'batch'],
  ['precision', 'precision'],
  ['medianSeconds', 'median s/batch'],
  ['samplesPerSecond', 'samples/s'],
  ['rme', 'rme'],
  ['gflops', 'GFLOP/s'],
  ['efficiency', 'efficiency'],
  ['peakRss', 'peak RSS'],
  ['verdict', 'verdict'],
];

const num = (v) => typeof v === 'number' && Number.isFinite(v);
/** significant figures for a figure whose size varies by orders of magnitude (0.0123, 1.23, 123) */
function sig(v, digits = 3) {
  if (!num(v)) return '—';
  if (v === 0) return '0';
  const places = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(v))));
  return v.toFixed(Math.min(places, 6));
}

/** What a record says about how it ended: ok, the validate or accuracy verdict (its section's), a scenario's validity
 * with MLPerf's metric, or the error code. */
function verdictOf(r) {
  if (r.status === 'error') return `error ${r.error?.code ?? ''}`.trim();
  if (r.status === 'skipped') return 'skipped';
  const h = r.scenario?.headline;
  // a load scenario: its validity and MLPerf's metric (scenario.headline), the plain percentile beside it
  if (h) {
    const fig = num(h.value) ? `${h.mlperfName} ${sig(h.value)} ${h.unit}` : `no ${h.mlperfName}`;
    const plain = h.plain && num(h.plain.value) ? ` (${h.plain.name} ${sig(h.plain.value)} ms)` : '';
    return `${r.scenario.validity?.verdict ?? 'ok'}: ${fig}${plain}`;
  }
  const verdict = r.validate?.verdict ?? r.accuracy?.verdict;
  return typeof verdict === 'string' ? verdict : 'ok';
}

/**
 * Pure: one summary row of a run record (any mode; a validate or accuracy record's figures are its candidate's, and
 * its precision says what was compared: `fp32 vs bf16 (emulated)`, or `fp32 vs fp32 (repeat)` without --bf16).
 * @param {any} r a RunRecord
 */
function summaryRow(r) {
  const lat = r.latency ?? null;
  const sides = r.validate ?? (r.accuracy ? { reference: r.accuracy.reference, candidate: r.accuracy.candidate } : null);
  const precision = sides ? comparedOf(sides.reference, sides.candidate) : r.backend ? precisionOf(r) : '—';
  return {
    workload: String(r.workload ?? '?'),
    mode: String(r.mode ?? '?'),
    batch: num(r.config?.batch) ? String(r.config.batch) : '—',
    precision,
    medianSeconds: lat ? sig(lat.medianMs / 1000, 4) : '—',
    samplesPerSecond: sig(r.throughputSamplesPerSecond ?? null),
    // a margin of error needs 5 samples (the harness's rule for mean ± sd)
    rme: lat && lat.samples >= 5 && num(lat.rmePercent) ? `±${lat.rmePercent.toFixed(1)} % (n=${lat.samples})` : lat ? `— (n=${lat.samples})` : '—',
    gflops: sig(r.gflopsPerSecond ?? null),
    // above 100 % the calibrated peak was lower than what the loop reached: flagged, with its reason in the same cell
    efficiency: num(r.efficiency) ? `${(r.efficiency * 100).toFixed(1)} %${r.efficiency > 1 ? ` (!) ${overPeakReason(r)}` : ''}` : '—',
    peakRss: num(r.peakRssBytes) ? `${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB` : '—',
    verdict: verdictOf(r),
  };
}

const precisionOf = (r) => (r.backend ? `${r.backend.precision}${r.backend.precision === 'bf16' ? ` (${r.backend.execution})` : ''}` : '?');

/** What a validate or accuracy record compared: its two sides' precisions (`fp32 vs fp32 (repeat)` for a second fp32). */
function comparedOf(ref, cand) {
  const candidate = precisionOf(cand);
  return `${precisionOf(ref)} vs ${candidate === 'fp32' ? 'fp32 (repeat)' : candidate}`;
}

/** Pure: rows of every record (a file may hold one record or several), in the order given. */
function summaryRows(records) {
  return records.flatMap((x) => (Array.isArray(x) ? x : [x]).map(summaryRow));
}

function table(rows) {
  return [COLUMNS.map(([, title]) => title), ...rows.map((row) => COLUMNS.map(([key]) => row[key]))];
}

/**
 * Pure: why an efficiency is above 100 %, short enough for its table cell (the console report's efficiency row says
 * the same at length, core's efficiencyText). With the run's own GEMM runs (loop.efficiencyRange) the yardstick was
 * measured beside the loop, so the model's kernels beat it; without them the peak came from another calibration.
 */
function overPeakReason(r) {
  return r.loop?.efficiencyRange
    ? 'above the calibrated GEMM peak: the model\'s kernels beat the SGEMM yardstick run beside it'
    : 'above the calibrated GEMM peak: calibrated apart from this run';
}

/** Pure: the rows as an aligned plain-text table (numbers right-aligned). */
function renderText(rows) {
  const cells = table(rows);
  const widths = COLUMNS.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  // efficiency is left-aligned: a cell above 100 % carries its reason, and the short ones line up with it
  const right = new Set(['batch', 'medianSeconds', 'samplesPerSecond', 'gflops', 'peakRss']);
  return cells.map((r) => r.map((cell, c) => (right.has(COLUMNS[c][0]) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd()).join('\n');
}

/** Pure: a GitHub-flavoured markdown table. */
function renderMarkdown(rows) {
  const [head, ...body] = table(rows);
  const esc = (s) => s.replace(/\|/g, '\\|');
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n') + '\n';
}

/** Pure: RFC 4180 CSV (fields with a comma, quote or line break quoted, quotes doubled). */
function renderCsv(rows) {
  const field = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return table(rows).map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/**
 * The records this run's tasks wrote, in task order, from the claims folder of the run's record folder: each claim
 * names a task and the absolute path it wrote. A claim whose file is missing or unreadable (the task failed before
 * writing) is listed in `missing`; `tasks` are the tasks that claimed a file; `errors` are the error records' lines,
 * `project:target  error [CODE]: message`, read from the records (never from a task's printed text).
 * @param {string} runDir
 * @param {readonly string[]} taskOrder task ids (`project:target`) in the order Nx ran them
 */
function readRunRecords(runDir, taskOrder) {
  let names = [];
  try {
    names = readdirSync(join(runDir, 'claims'));
  } catch {
    return { records: [], missing: [], tasks: [], errors: [] };
  }
  const claims = names
    .map((n) => readFileSync(join(runDir, 'claims', n), 'utf8').split('\n'))
    .filter((lines) => lines.length >= 2 && lines[0] && lines[1])
    .map(([task, path, kind]) => ({ task, path, kind: kind ?? 'json' }))
    .filter((c) => c.kind === 'json');
  const rank = (t) => {
    const i = taskOrder.indexOf(t);
    return i < 0 ? taskOrder.length : i;
  };
  claims.sort((a, b) => rank(a.task) - rank(b.task) || a.path.localeCompare(b.path));
  const records = [];
  const missing = [];
  const errors = [];
  const tasks = new Set(claims.map((c) => c.task));
  for (const c of claims) {
    let record;
    try {
      record = JSON.parse(readFileSync(c.path, 'utf8'));
    } catch {
      missing.push(c.task);
      continue;
    }
    records.push(record);
    if (record && record.status === 'error' && record.error) errors.push(`${c.task}  error [${record.error.code}]: ${record.error.message}`);
  }
  return { records, missing, tasks: [...tasks], errors };
}

module.exports = { summaryRow, summaryRows, renderText, renderMarkdown, renderCsv, readRunRecords, COLUMNS };
