/**
 * The results of a fleet run: one folder per machine class, laid out as a `compare:matrix` results folder (one
 * `<cell id>.json` record per cell and `matrix.json` with the settings), so `compare:report` and `compare:compare`
 * read each one, and the merged report across classes sits at the top. Records recovered from the pods are
 * written byte for byte; a cell that failed gets an error record with the reason.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '@modelbench/core';
import { cellRecord, checkResumable, existingRecordAt, isFinished, readManifest, writeManifest, type MatrixSettings } from './compare-folder.ts';
import { fleetCellId, type FleetCell } from './cells.ts';
import type { CellOutcome } from './collect.ts';
import type { MachineClass } from './fleet-file.ts';

export function classDir(outDir: string, mc: MachineClass): string {
  return join(outDir, mc.name);
}

export function cellFile(dir: string, cell: FleetCell): string {
  return join(dir, `${fleetCellId(cell)}.json`);
}

export function classSettings(mc: MachineClass): MatrixSettings {
  return { batch: mc.matrix.batch, iterations: mc.matrix.iterations, warmup: mc.matrix.warmup, profiling: false };
}

/** Refuses a folder measured with other settings (exit code 2), then records this run's settings. */
export function prepareClassDir(dir: string, mc: MachineClass, rerun: boolean): void {
  checkResumable(dir, classSettings(mc), rerun);
  if (rerun || !readManifest(dir)) writeManifest(dir, classSettings(mc));
}

/** The cells of a class still to run: those without a finished record (errors count as finished unless rerunErrors). */
export function cellsToRun(dir: string, cells: readonly FleetCell[], o: { rerun: boolean; rerunErrors: boolean }): FleetCell[] {
  if (o.rerun) return [...cells];
  return cells.filter((c) => !isFinished(existingRecordAt(cellFile(dir, c)), o.rerunErrors));
}

export function writeOutcome(dir: string, mc: MachineClass, cell: FleetCell, outcome: CellOutcome, now: Date = new Date()): void {
  const path = cellFile(dir, cell);
  if (outcome.kind === 'record') {
    writeFileAtomic(path, outcome.bytes);
    return;
  }
  const record = cellRecord(cell, { batch: cell.batch, iterations: cell.iterations }, undefined, null, { status: 'error', error: outcome.error }, now);
  const extra = { ...(record.config?.extra ?? {}), fleetCell: { machineClass: mc.name, scenario: cell.scenario, instances: cell.instances } };
  const tagged = record.config ? { ...record, config: { ...record.config, extra } } : record;
  writeFileAtomic(path, JSON.stringify(tagged, null, 2) + '\n');
}
