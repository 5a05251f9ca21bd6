/**
 * One cell of the matrix: a workload run on one backend, in one precision, with one thread count. Its id names the
 * record file in the results folder, so an interrupted matrix finds what it already measured.
 */
import type { PrecisionName } from '@modelbench/core';

export const PRECISIONS: readonly PrecisionName[] = ['fp32', 'bf16'];

export interface CellSpec {
  workload: string;
  backend: string;
  precision: PrecisionName;
  threads: number;
}

/** File-name-safe id: `resnet50__ort-cpu__bf16__t2`. */
export function cellId(c: CellSpec): string {
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return `${safe(c.workload)}__${safe(c.backend)}__${c.precision}__t${c.threads}`;
}

export function cellFileName(c: CellSpec): string {
  return `${cellId(c)}.json`;
}

export function cellLabel(c: CellSpec): string {
  return `${c.workload} ${c.backend} ${c.precision} ${c.threads}t`;
}
