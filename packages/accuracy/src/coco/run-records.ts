/**
 * What a COCO accuracy run appends per image while it runs (resumable JSONL, keyed by `image_id`): the image's
 * results in the COCO results format, none when nothing was detected. At the end they are concatenated, in file
 * order, into the standard results JSON (`detections.json`) that `scoreCoco` and the COCO server read.
 */
import { join } from 'node:path';
import { BenchError } from '@modelbench/core';
import { writeCocoResults, type CocoResult } from './results.ts';

export interface CocoImageRecord {
  image_id: number;
  results: CocoResult[];
}

export function checkCocoRecord(v: unknown, where: string): CocoImageRecord {
  const o = v as Partial<CocoImageRecord> | null;
  if (typeof o !== 'object' || o === null || !Number.isInteger(o.image_id) || !Array.isArray(o.results)) {
    throw new BenchError('BAD_INPUT', `${where}: not a COCO image record ({"image_id", "results": [...]})`, { hint: 'pass the predictions JSONL written by the accuracy run' });
  }
  return { image_id: o.image_id as number, results: o.results as CocoResult[] };
}

export const COCO_RESULTS_FILE = 'detections.json';

/** Writes the results JSON of every record (atomically); returns its file name. */
export function writeCocoRunFiles(dir: string, records: readonly CocoImageRecord[]): { predictions: string } {
  writeCocoResults(join(dir, COCO_RESULTS_FILE), records.flatMap((r) => r.results));
  return { predictions: COCO_RESULTS_FILE };
}
