/** Several output formats from one RunRecord: the original's TARGET line, a human table, Markdown and JSON. */
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BenchError } from './errors.ts';
import { fixed, formatBytes, formatCount, renderMarkdownTable, renderTable } from './format.ts';
import type { ProfileSummaryRow, RunRecord } from './record.ts';
import { MIN_SAMPLES_FOR_SPREAD, minimumStandsOut, minSamplesForPercentile, shownPercentiles, showsSpread } from './stats.ts';

/**
 * The line existing scripts grep: seconds for one batch, the minimum over the timed iterations (what the original
 * reported).
 */
export function targetLine(workload: string, minBatchSeconds: number): string {
  return `[TARGET] ${workload} Time ${minBatchSeconds.toFixed(6)}`;
}

/** What a short run leaves out, and the number of samples that would show it. */
function fewSamplesNote(samples: number, shown: number[]): string {
  const missing: string[] = [];
  if (!showsSpread(samples)) missing.push(`mean ± sd needs ${MIN_SAMPLES_FOR_SPREAD}`);
  for (const p of [90, 95, 99]) if (!shown.includes(p)) missing.push(`p${p} ${minSamplesForPercentile(p)}`);
  return missing.length > 0 ? ` (too few for more: ${missing.join(', ')})` : '';
}

/** Why the [TARGET] time is not the median, when the two differ by more than the noise. */
export function targetNote(r: RunRecord): string | undefined {
  const l = r.latency;
  if (!l || !minimumStandsOut(l)) return undefined;
  const abovePercent = ((l.medianMs - l.minMs) / l.minMs) * 100;
  return `note: the [TARGET] time is the minimum of the ${l.samples} timed iterations (what the original printed); the median is ${fixed(abovePercent, 1)} % higher`;
}

function statRows(r: RunRecord): string[][] {
  const l = r.latency;
  if (!l) return [];
  const rows: string[][] = [['median', `${fixed(l.medianMs, 3)} ms`]];
  if (showsSpread(l.samples)) rows.push(['mean ± sd', `${fixed(l.meanMs, 3)} ± ${fixed(l.sdMs, 3)} ms (±${fixed(l.rmePercent, 1)} %)`]);
  rows.push(['min / max', `${fixed(l.minMs, 3)} / ${fixed(l.maxMs, 3)} ms`]);
  const ps = shownPercentiles(l.samples);
  const value: Record<number, number | null> = { 90: l.p90Ms, 95: l.p95Ms, 99: l.p99Ms };
  if (ps.length > 0) rows.push([ps.map((p) => `p${p}`).join(' / '), `${ps.map((p) => fixed(value[p], 3)).join(' / ')} ms (LoadGen's sorted[floor(n·p)])`]);
  rows.push(['samples', `${l.samples}${fewSamplesNote(l.samples, ps)}`]);
  if (r.loop) rows.push(['stopped', stopText(r.loop, l.samples)]);
  rows.push(['throughput', `${fixed(r.throughputSamplesPerSecond, 2)} samples/s`]);
  if (r.gflopsPerSecond !== null) rows.push(['compute', `${fixed(r.gflopsPerSecond, 1)} GFLOP/s`]);
  if (r.efficiency !== null && r.calibratedPeakGflopsPerSecond !== null) rows.push(['efficiency', efficiencyText(r)]);
  rows.push(['peak RSS', formatBytes(r.peakRssBytes)]);
  if (r.loop?.sessionLoadMs != null) rows.push(['session load', `${fixed(r.loop.sessionLoadMs, 0)} ms`]);
  for (const [name, ms] of Object.entries(r.timers)) rows.push([`timer ${name}`, `${fixed(ms, 3)} ms`]);
  return rows;
}

type LoopInfo = NonNullable<RunRecord['loop']>;

/** How the plain loop ended, and how busy the machine was meanwhile. */
export function stopText(l: LoopInfo, samples: number): string {
  const why =
    l.stopReason === 'rme-target' ? `mean known to ±${l.targetRmePercent} % (95 %)` :
    l.stopReason === 'time-budget' ? `${l.timeBudgetSeconds} s budget spent (at least ${l.minIterations} batches)` :
    l.stopReason === 'max-duration' ? `--target-rme ${l.targetRmePercent} % not reached in ${l.timeBudgetSeconds} s` :
    `${samples} iterations${l.targetRmePercent !== null ? ` (the cap; ±${l.targetRmePercent} % not yet reached)` : ''}`;
  const busy = l.othersBusyPercent !== null ? `; others used ${fixed(l.othersBusyPercent, 0)} % of the CPU` : '';
  return `${why}, ${fixed(l.timedSeconds, 1)} s timed${busy}`;
}

/**
 * Efficiency against the GEMM peak; with the run's own calibration (before and after its loop) the range against the
 * two sides' best runs. Above 100 % always says why on the same line.
 */
export function efficiencyText(r: RunRecord): string {
  const e = r.efficiency!;
  const range = r.loop?.efficiencyRange ?? null;
  let text = `${fixed(e * 100, 1)} % of ${fixed(r.calibratedPeakGflopsPerSecond, 1)} GFLOP/s GEMM peak`;
  if (range) text += ` (${fixed(range.low * 100, 1)}–${fixed(range.high * 100, 1)} % against the GEMM runs before and after the loop)`;
  if (e > 1) {
    text += range
      ? ' — above 100 %: the model\'s kernels (MLAS\'s convolutions) ran faster than the 1024×1024 SGEMM yardstick, measured beside it on the same threads'
      : ' — above 100 %: the peak was calibrated apart from this run (other load or threads), so the two are not in the same conditions';
  }
  return text;
}

function headerLines(r: RunRecord): string[] {
  const lines = [`workload   ${r.workload} (${r.mode})`];
  if (r.model) {
    const size = r.model.parameters !== null ? `, ${formatCount(r.model.parameters)} parameters` : '';
    const macs = r.model.macsPerSample !== null ? `, ${fixed(r.model.macsPerSample / 1e9, 2)} GMAC/sample` : '';
    // a --model file is the user's: its weights may be anything (even random), so it is never called real weights
    const source = r.model.source === 'file' ? 'user model' : r.model.source;
    lines.push(`model      ${r.model.id} [${source}] ${r.model.sha256.slice(0, 12)}${size}${macs}`);
  }
  if (r.backend) {
    lines.push(
      `backend    ${r.backend.id} (${r.backend.runtime} ${r.backend.runtimeVersion}, ${r.backend.provider}), ` +
        `precision ${r.backend.precision} ${r.backend.execution}`,
    );
  }
  if (r.config) {
    lines.push(
      `config     batch ${r.config.batch} (${r.config.batchMode}), threads ${r.config.threads ?? 'default'}, input ${r.config.input}`,
    );
  }
  lines.push(`machine    ${r.environment.cpu.model} (${r.environment.cpu.arch}, ${r.environment.cpu.physicalCores} cores), Node ${r.environment.node}`);
  return lines;
}

export function renderHumanReport(r: RunRecord): string {
  const out = headerLines(r);
  if (r.status === 'error' && r.error) out.push(`status     error [${r.error.code}] ${r.error.message}`);
  const rows = statRows(r);
  if (rows.length) out.push('', renderTable(['statistic', 'value'], rows, ['left', 'left']));
  const note = targetNote(r);
  if (note) out.push(note);
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return out.join('\n');
}

export function renderProfileTable(rows: readonly ProfileSummaryRow[], top = 15): string {
  return renderTable(
    ['operator', 'calls', 'total ms', 'mean ms', '% of run'],
    rows.slice(0, top).map((o) => [o.opType, String(o.calls), fixed(o.totalMs, 3), fixed(o.meanMs, 4), fixed(o.percent, 1)]),
  );
}

export function renderMarkdownReport(r: RunRecord): string {
  const parts = [`## ${r.workload} — ${r.mode}`, '', ...headerLines(r).map((l) => `- ${l.replace(/\s{2,}/, ': ')}`), ''];
  const rows = statRows(r);
  if (rows.length) parts.push(renderMarkdownTable(['statistic', 'value'], rows, ['left', 'left']), '');
  if (r.profile) {
    parts.push(
      renderMarkdownTable(
        ['operator', 'calls', 'total ms', 'mean ms', '% of run'],
        r.profile.operators.slice(0, 15).map((o) => [o.opType, String(o.calls), fixed(o.totalMs, 3), fixed(o.meanMs, 4), fixed(o.percent, 1)]),
      ),
      '',
    );
  }
  for (const w of r.warnings) parts.push(`> warning: ${w}`);
  return parts.join('\n');
}

/** Writes a file atomically (temp file in the same folder, then rename); a clear error when the folder is unwritable. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const target = resolve(path);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (e) {
    removeQuietly(tmp);
    throw new BenchError('IO', `cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      hint: 'choose a path in a folder you can write to',
      cause: e,
    });
  }
}

/**
 * Checks up front that a path can be written, so a long run does not fail at its very end: creates the folder and a
 * probe file beside the target, then removes the probe (nothing is left at the target itself).
 */
export function assertWritable(path: string): void {
  const target = resolve(path);
  if (isDirectory(target) || /[\\/]$/.test(path)) {
    throw new BenchError('USAGE', `${path} is a folder, not a file`, { hint: `name a file in it, for example ${join(path, 'record.json')}` });
  }
  const blocker = fileAmongFolders(dirname(target));
  if (blocker !== undefined) {
    throw new BenchError('USAGE', `cannot write ${path}: ${blocker} is a file, not a folder`, { hint: 'choose a path whose folders are folders (or move that file away)' });
  }
  const probe = `${target}.${process.pid}.probe`;
  try {
    writeFileAtomic(probe, '');
  } catch (e) {
    const code = ((e as BenchError).cause as NodeJS.ErrnoException | undefined)?.code ?? 'not writable';
    throw new BenchError('IO', `cannot write ${target}: ${code}`, { hint: 'choose a path in a folder you can write to' });
  }
  removeQuietly(probe);
}

/** The nearest existing ancestor of a folder path when it is not a folder (so the folder cannot be created). */
function fileAmongFolders(folder: string): string | undefined {
  for (let p = folder; ; p = dirname(p)) {
    try {
      return statSync(p).isDirectory() ? undefined : p;
    } catch {
      if (dirname(p) === p) return undefined;
    }
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // nothing was there to remove (e.g. a parent is not a folder)
  }
}

export function writeJsonRecords(path: string, records: RunRecord | RunRecord[]): void {
  writeFileAtomic(path, JSON.stringify(records, null, 2) + '\n');
}
