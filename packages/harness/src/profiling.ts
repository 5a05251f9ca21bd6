/** Ends a profiled session and turns its trace into the record's profile block. */
import { readTraceFile, summarizeTrace, type ProfileInfo } from '@modelbench/core';
import type { LoadedModel } from '@modelbench/backends';

export async function collectProfile(loaded: LoadedModel, warmupRuns: number, warnings: string[]): Promise<ProfileInfo | null> {
  const tracePath = await loaded.endProfiling();
  if (!tracePath) {
    warnings.push('profiling was requested but the backend wrote no trace');
    return null;
  }
  const summary = summarizeTrace(readTraceFile(tracePath), { skipRuns: warmupRuns });
  return { tracePath, runs: summary.runs, modelRunMeanMs: summary.modelRunMeanMs, operators: summary.operators };
}

export function profilePrefixFor(dir: string, workload: string, backend: string, precision: string): string {
  return `${dir}/${workload}_${backend}_${precision}`;
}
