/**
 * From a pod's output (and what Kubernetes says about the pod) to one outcome per cell: the record's bytes exactly
 * as the pod printed them, or an error with the reason. A cell is never silently missing: a record cut mid-way, a
 * corrupted one, a cell the pod never reached (evicted, OOM-killed, deadline) each become an error naming why.
 */
import { runRecordProblems } from '@modelbench/core';
import { blocksByCell, parseLog, type Block } from './markers.ts';

export interface CellError {
  code: string;
  message: string;
  hint?: string;
}

export type CellOutcome = { id: string; kind: 'record'; bytes: Buffer } | { id: string; kind: 'error'; error: CellError };

/** How the pod ended, as `kubectl get pod -o json` tells it (pod-status.ts); null when there was no pod. */
export interface PodEnd {
  podName: string | null;
  /** one line: `Failed: Evicted — The node was low on resource: memory.`, `container bench OOMKilled (exit 137)` … */
  reason: string;
}

function failurePayload(payload: Buffer): CellError {
  try {
    const v = JSON.parse(payload.toString('utf8')) as Partial<CellError>;
    if (typeof v.code === 'string' && typeof v.message === 'string') return v.hint ? { code: v.code, message: v.message, hint: v.hint } : { code: v.code, message: v.message };
  } catch {
    // fall through
  }
  return { code: 'CELL_FAILED', message: 'the pod reported a failure it could not describe' };
}

function fromBlock(id: string, b: Block, end: PodEnd): CellOutcome {
  const pod = end.podName ? `pod ${end.podName}` : 'the pod';
  if (b.status === 'truncated') {
    return {
      id,
      kind: 'error',
      error: { code: 'RECORD_TRUNCATED', message: `${pod}'s output ends inside this cell's record (${b.receivedBytes} of ${b.expectedBytes} bytes): ${end.reason}`, hint: 'run `fleet run` again to measure the cell again' },
    };
  }
  if (b.status === 'corrupt') return { id, kind: 'error', error: { code: 'RECORD_CORRUPT', message: `${pod}'s record for this cell is damaged: ${b.problem}`, hint: 'run `fleet run` again with --rerun-errors' } };
  if (b.kind === 'failure') return { id, kind: 'error', error: failurePayload(b.payload) };
  let value: unknown;
  try {
    value = JSON.parse(b.payload.toString('utf8'));
  } catch (e) {
    return { id, kind: 'error', error: { code: 'BAD_RECORD', message: `${pod} printed a record that is not JSON: ${(e as Error).message}` } };
  }
  const problems = runRecordProblems(value);
  if (problems.length) {
    return { id, kind: 'error', error: { code: 'BAD_RECORD', message: `${pod}'s record does not match this checkout's RunRecord schema: ${problems.slice(0, 3).join('; ')}`, hint: 'build and push the image from this checkout' } };
  }
  return { id, kind: 'record', bytes: b.payload };
}

/** One outcome per expected cell id, in the order given. `log` is null when the pod's log could not be read. */
export function collectCells(cellIds: readonly string[], log: Buffer | null, end: PodEnd): CellOutcome[] {
  const parsed = log ? parseLog(log) : null;
  const blocks = parsed ? blocksByCell(parsed) : new Map<string, Block>();
  const pod = end.podName ? `pod ${end.podName}` : 'the pod';
  return cellIds.map((id): CellOutcome => {
    const b = blocks.get(id);
    if (b) return fromBlock(id, b, end);
    const why = log === null ? `${pod}'s log could not be read` : parsed!.finished ? `${pod} finished without printing this cell` : `${pod} stopped before this cell`;
    return { id, kind: 'error', error: { code: 'CELL_NOT_RUN', message: `${why}: ${end.reason}`, hint: 'run `fleet run` again: finished cells are kept, this one runs again' } };
  });
}
