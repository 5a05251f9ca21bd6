/**
 * The results of a fleet run: one folder per machine class, laid out as a `compare:matrix` results folder (one
 * `<cell id>.json` record per cell and `matrix.json` with the settings), so `compare:report` and `compare:compare`
 * read each one, and the merged report across classes sits at the top. Measured records recovered from the pods are
 * written byte for byte; a workload's own error record is kept with the cell's identity added; a cell that left no
 * record (the pod died, the record was cut) gets an error record with the reason.
 */
import { join } from 'node:path';
import { writeFileAtomic, type RunRecord } from '@modelbench/core';
import { withCellIdentity } from '@modelbench/compare';
import { cellRecord, checkResumable, existingRecordAt, isFinished, readManifest, writeManifest, type MatrixSettings } from './compare-folder.ts';
import { fleetCellId, type FleetCell } from './cells.ts';
import type { CellError, CellOutcome } from './collect.ts';
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
  const own = (error: CellError): RunRecord => {
    const record = cellRecord(cell, { batch: cell.batch, iterations: cell.iterations }, undefined, null, { status: 'error', error }, now);
    const extra = { ...(record.config?.extra ?? {}), fleetCell: { machineClass: mc.name, scenario: cell.scenario, instances: cell.instances } };
    return record.config ? ({ ...record, config: { ...record.config, extra } } as RunRecord) : record;
  };
  if (outcome.kind === 'record') {
    const record = JSON.parse(outcome.bytes.toString('utf8')) as RunRecord;
    // a measured record is kept byte for byte; the workload's own error record gets the cell's identity (it has no config)
    if (record.status === 'ok') writeFileAtomic(path, outcome.bytes);
    else writeFileAtomic(path, JSON.stringify(withCellIdentity(record, own(record.error)), null, 2) + '\n');
    return;
  }
  writeFileAtomic(path, JSON.stringify(own(outcome.error), null, 2) + '\n');
}
