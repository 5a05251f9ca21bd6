/**
 * The three files of a performance run, written into one folder under MLPerf's names: the summary, the detail log,
 * and the accuracy log LoadGen leaves in PerformanceOnly mode (no responses: `[` `]`). Each file is written whole
 * (temporary file, then rename), so an interrupted write leaves no partial log.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BenchError, writeFileAtomic } from '@modelbench/core';
import type { ScenarioResult } from '../report.ts';
import { mlperfAccuracyJson } from './accuracy-log.ts';
import { mlperfPerformanceDetailText } from './detail.ts';
import { MLPERF_LAYOUT, mlperfRunOf } from './run.ts';
import { mlperfSummaryText } from './summary.ts';

export const MLPERF_LOG_FILES = { summary: 'mlperf_log_summary.txt', detail: 'mlperf_log_detail.txt', accuracy: 'mlperf_log_accuracy.json' } as const;

export interface PerformanceLogContext {
  /** LoadGen's SUT name: the suite's workload, model and backend */
  sutName: string;
  /** LoadGen's QSL name: the workload's sample set */
  qslName: string;
  startedAt: Date;
  /** samples in the workload's whole set (qsl_reported_total_count) */
  totalSampleCount: number;
  /** the workload's own performance sample count (qsl_reported_performance_count) where a conf's
   * performance_sample_count_override replaced it; default: the run's loaded count */
  qslPerformanceSampleCount?: number | undefined;
}

/** Writes the three files into `dir` (created if missing); returns their paths. */
export function writeMlperfPerformanceLogs(dir: string, r: ScenarioResult, ctx: PerformanceLogContext): string[] {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new BenchError('IO', `cannot create ${dir} for MLPerf's log files: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { hint: 'choose a writable --mlperf-log-dir' });
  }
  const run = mlperfRunOf(r, ctx.sutName);
  const header = { startedAt: ctx.startedAt, qslName: ctx.qslName, totalSampleCount: ctx.totalSampleCount, performanceSampleCount: ctx.qslPerformanceSampleCount ?? r.settings.sampleCount, layout: MLPERF_LAYOUT };
  const files: [string, string][] = [
    [MLPERF_LOG_FILES.summary, mlperfSummaryText(run)],
    [MLPERF_LOG_FILES.detail, mlperfPerformanceDetailText(run, header, { pid: process.pid, endMs: r.totals.durationMs })],
    [MLPERF_LOG_FILES.accuracy, mlperfAccuracyJson([])],
  ];
  return files.map(([name, text]) => {
    const path = join(dir, name);
    writeFileAtomic(path, text);
    return path;
  });
}
