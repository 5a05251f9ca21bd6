/**
 * Runs a planned matrix sequentially (two benchmarks never share the CPU), one child process per cell, writing one
 * record per cell as soon as it is known. Finished cells of an earlier run of the same folder are kept.
 */
import { join } from 'node:path';
import { fixed, writeJsonRecords, type RunRecord } from '@modelbench/core';
import { sweepCellId, sweepCellLabel } from './cell.ts';
import { withMatrixPeak, type Calibrate } from './calibration.ts';
import { estimateCellSeconds } from './cell-estimate.ts';
import { cellRecord, matrixCellTag, type MatrixCellTag } from './cell-record.ts';
import { withCellIdentity } from './child-record.ts';
import type { BackendFacts, PlannedCell } from './matrix-plan.ts';
import { estimateRemainingMs, type ProgressPrinter, type ProgressState } from './progress.ts';
import { cellPath, checkResumable, existingRecord, isFinished, readManifest, writeManifest, type MatrixSettings } from './results-folder.ts';
import { runCell, stopRunningCell } from './run-cell.ts';

export interface MatrixRun {
  rootDir: string;
  outDir: string;
  cells: PlannedCell[];
  facts: ReadonlyMap<string, BackendFacts>;
  settings: MatrixSettings;
  rerun: boolean;
  rerunErrors: boolean;
  cellTimeoutMs: number;
  progress: ProgressPrinter;
  /** calibrate the GEMM peak once per backend and thread count (cells then run with --no-calibration); absent:
   * every cell calibrates itself */
  calibrate?: Calibrate;
}

export interface MatrixOutcome {
  total: number;
  measured: number;
  reused: number;
  skipped: number;
  errors: number;
  interrupted: boolean;
}

/** The instances the cell ran: as asked, or for `auto` the child's choice (its scenario settings). */
export function instancesRun(asked: number | 'auto' | null, record: RunRecord): number {
  if (asked !== 'auto') return asked ?? 1;
  const n = (record.scenario as { settings?: { instances?: unknown } } | undefined)?.settings?.instances;
  return typeof n === 'number' && n > 0 ? n : 1;
}

function withCellTag(record: RunRecord, tag: MatrixCellTag): RunRecord {
  if (!record.config) return record;
  return { ...record, config: { ...record.config, extra: { ...record.config.extra, matrixCell: tag } } };
}

/** A scenario cell's line: its headline (MLPerf's metric, loadgen ScenarioResult.headline) and verdict, not the
 * median of a query list (offline has one query: "median 1150 ms ±0.0 %" said nothing, #23). */
function scenarioText(r: RunRecord): string | undefined {
  const sc = r.scenario as unknown as { scenario: string; validity: { verdict: string }; totals: { samplesPerSecond: number }; headline?: { mlperfName: string; value: number | null; unit: string } } | undefined;
  if (!sc) return undefined;
  const h = sc.headline;
  const figure = h && h.value !== null ? `${h.mlperfName} ${fixed(h.value, 2)} ${h.unit}` : `${fixed(sc.totals.samplesPerSecond, 2)} samples/s`;
  return `ok: ${sc.scenario} ${figure}, ${sc.validity.verdict}`;
}

function resultText(r: RunRecord): string {
  const scenario = r.status === 'ok' ? scenarioText(r) : undefined;
  if (scenario) return scenario;
  if (r.status === 'ok' && r.latency) {
    const exec = r.backend?.precision === 'bf16' ? ` (${r.backend.execution})` : '';
    return `ok: median ${fixed(r.latency.medianMs, 2)} ms ±${fixed(r.latency.rmePercent, 1)} %${exec}`;
  }
  if (r.status === 'skipped') return `skipped: ${r.error?.message ?? ''}`;
  return `error [${r.error?.code ?? '?'}]: ${r.error?.message ?? ''}`;
}

export async function runMatrix(m: MatrixRun): Promise<MatrixOutcome> {
  checkResumable(m.outDir, m.settings, m.rerun);
  if (m.rerun || !readManifest(m.outDir)) writeManifest(m.outDir, m.settings);
  const outcome: MatrixOutcome = { total: m.cells.length, measured: 0, reused: 0, skipped: 0, errors: 0, interrupted: false };
  const previous = new Map(m.cells.map((c) => [sweepCellId(c.spec), m.rerun ? null : existingRecord(m.outDir, c.spec)]));
  const toRun = new Set(m.cells.filter((c) => c.action === 'run' && !isFinished(previous.get(sweepCellId(c.spec)) ?? null, m.rerunErrors)).map((c) => sweepCellId(c.spec)));
  const durationsMs: number[] = [];
  // until a cell is measured: the stated per-workload estimate of the cells still to run
  const estimateOf = (c: PlannedCell): number =>
    estimateCellSeconds({ ...c.spec, scenario: c.spec.scenario ?? null, iterations: m.settings.iterations, warmup: m.settings.warmup, minDurationSeconds: m.settings.scenario?.minDurationSeconds ?? null });
  const beforeAnyMs = 1000 * m.cells.filter((c) => toRun.has(sweepCellId(c.spec))).reduce((s, c) => s + estimateOf(c), 0);
  const started = performance.now();
  const onSigint = (): void => {
    outcome.interrupted = true;
    stopRunningCell();
  };
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  try {
    for (const [i, cell] of m.cells.entries()) {
      if (outcome.interrupted) break;
      const id = sweepCellId(cell.spec);
      const state = (): ProgressState => ({
        index: i + 1,
        total: m.cells.length,
        label: sweepCellLabel(cell.spec),
        elapsedMs: performance.now() - started,
        remainingMs: estimateRemainingMs(durationsMs, toRun.size, beforeAnyMs),
      });
      const tag = matrixCellTag(cell.spec, m.settings.batch, cell.spec.scenario ? null : m.settings.iterations);
      const before = previous.get(id) ?? null;
      if (isFinished(before, m.rerunErrors)) {
        outcome.reused++;
        m.progress.done(state(), `already in the folder, kept — ${resultText(before)}`);
        continue;
      }
      let record: RunRecord;
      const facts = m.facts.get(cell.spec.backend);
      if (cell.action === 'skip') {
        record = cellRecord(cell.spec, m.settings, facts, cell.execution, { status: 'skipped', code: cell.code, reason: cell.reason });
        outcome.skipped++;
      } else {
        const peak = m.calibrate ? await m.calibrate(cell.spec.backend, cell.spec.threads) : undefined;
        if (cell.warning) m.progress.info(`warning: ${sweepCellLabel(cell.spec)}: ${cell.warning}`);
        m.progress.running(state);
        const startedAt = new Date();
        const result = await runCell({
          rootDir: m.rootDir,
          spec: cell.spec,
          batch: m.settings.batch,
          iterations: m.settings.iterations,
          warmup: m.settings.warmup,
          profileDir: m.settings.profiling ? join(m.outDir, 'profiles') : null,
          recordPath: join(m.outDir, `.${id}.running.json`),
          timeoutMs: m.cellTimeoutMs,
          matrixCalibration: m.calibrate !== undefined,
          ...(m.settings.scenario ? { scenarioFlags: m.settings.scenario } : {}),
        });
        toRun.delete(id);
        if (outcome.interrupted) {
          m.progress.done(state(), 'interrupted; nothing recorded for this cell');
          break;
        }
        durationsMs.push(result.durationMs);
        if (result.status === 'ok') {
          record = withCellTag(peak === undefined ? result.record : withMatrixPeak(result.record, peak, instancesRun(cell.spec.instances, result.record)), tag);
          if (cell.warning && !record.warnings.includes(cell.warning)) record = { ...record, warnings: [...record.warnings, cell.warning] };
          outcome.measured++;
        } else {
          const own = cellRecord(cell.spec, m.settings, facts, cell.execution, { status: 'error', error: result.error }, startedAt);
          // the child's own error record (its error, command line, environment) with the cell's identity
          record = result.record ? withCellIdentity(result.record, own) : own;
          outcome.errors++;
        }
      }
      writeJsonRecords(cellPath(m.outDir, cell.spec), record);
      m.progress.done(state(), resultText(record));
    }
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
  return outcome;
}
