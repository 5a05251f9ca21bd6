/**
 * The results folder of a matrix: one record per cell (`<cell id>.json`) and `matrix.json`, the settings the cells were
 * measured with. Resuming with other settings would mix incomparable cells, so it is refused unless --rerun.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchError, runRecordProblems, writeFileAtomic, type RunRecord } from '@modelbench/core';
import { asSweepSpec, sweepCellFileName, type AnyCellSpec, type ScenarioName } from './cell.ts';

export const MANIFEST_FILE = 'matrix.json';

/** What every cell of one folder shares; cells measured with different settings do not compare. */
export interface MatrixSettings {
  batch: number | null;
  iterations: number | null;
  warmup: number | null;
  profiling: boolean;
  /** the scenario flags passed to every scenario cell (absent in folders of plain matrices) */
  scenario?: ScenarioPassThrough;
}

/** `performance` scenario flags the matrix passes through unchanged to its scenario cells; null: not passed. */
export interface ScenarioPassThrough {
  targetQps: number | null;
  latencyBoundMs: number | null;
  findPeak: boolean;
  minDurationSeconds: number | null;
  minQueries: number | null;
}

export const NO_SCENARIO_FLAGS: ScenarioPassThrough = { targetQps: null, latencyBoundMs: null, findPeak: false, minDurationSeconds: null, minQueries: null };

/**
 * The pass-through as command-line flags, in a fixed order. The server's flags (--target-qps, --latency-bound-ms,
 * --find-peak) go to server cells only, as loadgen refuses them elsewhere; without a scenario: every flag (the
 * folder's settings).
 */
export function scenarioFlagArgs(p: ScenarioPassThrough, scenario: ScenarioName | null = null): string[] {
  const args: string[] = [];
  const server = scenario === null || scenario === 'server';
  if (server && p.targetQps !== null) args.push('--target-qps', String(p.targetQps));
  if (server && p.latencyBoundMs !== null) args.push('--latency-bound-ms', String(p.latencyBoundMs));
  if (server && p.findPeak) args.push('--find-peak');
  if (p.minDurationSeconds !== null) args.push('--min-duration', String(p.minDurationSeconds));
  if (p.minQueries !== null) args.push('--min-queries', String(p.minQueries));
  return args;
}

export interface MatrixManifest {
  kind: 'modelbench-matrix';
  createdAt: string;
  settings: MatrixSettings;
}

export function readManifest(dir: string): MatrixManifest | null {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as MatrixManifest;
    return m.kind === 'modelbench-matrix' ? m : null;
  } catch {
    return null;
  }
}

export function writeManifest(dir: string, settings: MatrixSettings, now: Date = new Date()): void {
  const manifest: MatrixManifest = { kind: 'modelbench-matrix', createdAt: now.toISOString(), settings };
  writeFileAtomic(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
}

function describe(s: MatrixSettings): string {
  const scenario = scenarioFlagArgs(s.scenario ?? NO_SCENARIO_FLAGS).join(' ');
  return `--batch ${s.batch ?? 'default'} --iterations ${s.iterations ?? 'default'} --warmup ${s.warmup ?? 'default'}${s.profiling ? ' --profiling' : ''}${scenario ? ` ${scenario}` : ''}`;
}

/** Throws when a folder holds cells measured with other settings (and the user did not ask to rerun them all). */
export function checkResumable(dir: string, settings: MatrixSettings, rerun: boolean): void {
  const existing = readManifest(dir);
  if (!existing || rerun) return;
  const a = describe(existing.settings);
  const b = describe(settings);
  if (a !== b) {
    throw new BenchError('USAGE', `matrix: ${dir} holds cells measured with ${a}; this run asks for ${b}`, {
      hint: 'use another --out folder, repeat the same settings to resume, or add --rerun to measure every cell again',
    });
  }
}

/** A plain cell (no scenario fields) keeps the name it had before sweeps. */
export function cellPath(dir: string, spec: AnyCellSpec): string {
  return join(dir, sweepCellFileName(asSweepSpec(spec)));
}

/** The record at `path` when it is a valid record (a half-written or foreign file is not). */
export function existingRecordAt(path: string): RunRecord | null {
  if (!existsSync(path)) return null;
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return runRecordProblems(value).length === 0 ? (value as RunRecord) : null;
  } catch {
    return null;
  }
}

/** The record already in the folder for this cell, if it is a valid record. */
export function existingRecord(dir: string, spec: AnyCellSpec): RunRecord | null {
  return existingRecordAt(cellPath(dir, spec));
}

/**
 * Whether a cell counts as finished on resume: measured cells do, failed ones too unless --rerun-errors; skipped cells
 * never do — deciding them again costs nothing and follows a change of flags (--include-emulated) or of the machine.
 */
export function isFinished(record: RunRecord | null, rerunErrors: boolean): record is RunRecord {
  if (!record) return false;
  if (record.status === 'ok') return true;
  return record.status === 'error' && !rerunErrors;
}
