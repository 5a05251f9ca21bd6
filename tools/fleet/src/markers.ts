/**
 * How a pod prints its cells on stdout, so the records come back through `kubectl logs` with no shared storage:
 *
 *   =====MODELBENCH-FLEET-START class=<class> cells=<n>=====
 *   =====MODELBENCH-RECORD-BEGIN cell=<id> kind=<record|failure> sha256=<hex> bytes=<n>=====
 *   <exactly n bytes: the record file the workload wrote, or a failure's {code, message, hint} JSON>
 *   =====MODELBENCH-RECORD-END cell=<id>=====
 *   …
 *   =====MODELBENCH-FLEET-END class=<class> cells=<n>=====
 *
 * The payload's byte count and sha256 let the collector take it back byte for byte and tell a record cut off
 * mid-way (the pod was killed, the log was rotated) from a complete one. Marker lines are ASCII; everything between
 * blocks (the workloads' own output) is ignored.
 */
import { createHash } from 'node:crypto';

export type PayloadKind = 'record' | 'failure';

const BAR = '=====';
export const BEGIN_PREFIX = `${BAR}MODELBENCH-RECORD-BEGIN `;
const BEGIN_LINE = /^=====MODELBENCH-RECORD-BEGIN cell=([A-Za-z0-9._-]+) kind=(record|failure) sha256=([0-9a-f]{64}) bytes=(\d+)=====$/;
const START_LINE = /^=====MODELBENCH-FLEET-START class=(\S+) cells=(\d+)=====$/;
const END_FLEET_LINE = /^=====MODELBENCH-FLEET-END class=(\S+) cells=(\d+)=====$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function startLine(machineClass: string, cells: number): string {
  return `${BAR}MODELBENCH-FLEET-START class=${machineClass} cells=${cells}${BAR}\n`;
}

export function endLine(machineClass: string, cells: number): string {
  return `${BAR}MODELBENCH-FLEET-END class=${machineClass} cells=${cells}${BAR}\n`;
}

export function recordEndLine(id: string): string {
  return `${BAR}MODELBENCH-RECORD-END cell=${id}${BAR}`;
}

/** One block, as bytes: the BEGIN line, the payload, a newline, the END line. Written with one write(). */
export function formatBlock(id: string, kind: PayloadKind, payload: Uint8Array): Buffer {
  const begin = `${BEGIN_PREFIX}cell=${id} kind=${kind} sha256=${sha256Hex(payload)} bytes=${payload.byteLength}${BAR}\n`;
  return Buffer.concat([Buffer.from(begin, 'ascii'), payload, Buffer.from(`\n${recordEndLine(id)}\n`, 'ascii')]);
}

export type Block =
  | { id: string; kind: PayloadKind; status: 'complete'; payload: Buffer }
  /** the output ends inside the block: `receivedBytes` of `expectedBytes` */
  | { id: string; kind: PayloadKind; status: 'truncated'; receivedBytes: number; expectedBytes: number }
  /** all bytes arrived but they are not the ones sent (or the END line is not where it belongs) */
  | { id: string; kind: PayloadKind; status: 'corrupt'; problem: string };

export interface ParsedLog {
  started: { machineClass: string; cells: number } | null;
  finished: { machineClass: string; cells: number } | null;
  /** in order of appearance; a cell printed twice (a rerun in the same log) keeps its last block */
  blocks: Block[];
}

function nextLine(log: Buffer, from: number): { text: string; end: number } | null {
  if (from >= log.length) return null;
  const nl = log.indexOf(0x0a, from);
  const end = nl === -1 ? log.length : nl;
  return { text: log.subarray(from, end).toString('latin1').replace(/\r$/, ''), end: nl === -1 ? log.length : nl + 1 };
}

/** Reads every block out of a pod's output. Never throws: whatever is cut or damaged becomes a block that says so. */
export function parseLog(log: Buffer): ParsedLog {
  const out: ParsedLog = { started: null, finished: null, blocks: [] };
  let pos = 0;
  for (let line = nextLine(log, pos); line; line = nextLine(log, pos)) {
    pos = line.end;
    const start = START_LINE.exec(line.text);
    if (start) {
      out.started = { machineClass: start[1]!, cells: Number(start[2]) };
      continue;
    }
    const fin = END_FLEET_LINE.exec(line.text);
    if (fin) {
      out.finished = { machineClass: fin[1]!, cells: Number(fin[2]) };
      continue;
    }
    if (!line.text.startsWith(BEGIN_PREFIX)) continue;
    const m = BEGIN_LINE.exec(line.text);
    if (!m) continue; // a BEGIN line cut mid-way is the last line of the log: nothing of it to recover
    const [, id, kind, sha, bytesText] = m as unknown as [string, string, PayloadKind, string, string];
    const expectedBytes = Number(bytesText);
    const available = log.length - pos;
    if (available < expectedBytes) {
      out.blocks.push({ id, kind, status: 'truncated', receivedBytes: available, expectedBytes });
      break;
    }
    const payload = Buffer.from(log.subarray(pos, pos + expectedBytes));
    pos += expectedBytes;
    const tail = `\n${recordEndLine(id)}`;
    const after = log.subarray(pos, pos + tail.length + 1).toString('latin1');
    if (!after.startsWith(tail)) {
      const hash = sha256Hex(payload);
      if (log.length - pos < tail.length && tail.startsWith(after)) {
        out.blocks.push({ id, kind, status: 'truncated', receivedBytes: expectedBytes, expectedBytes });
        break;
      }
      out.blocks.push({ id, kind, status: 'corrupt', problem: hash === sha ? 'the END marker is missing after the record' : 'the bytes between the markers differ from those the pod sent' });
      // resynchronise on the next line
      const nl = log.indexOf(0x0a, pos);
      pos = nl === -1 ? log.length : nl + 1;
      continue;
    }
    pos += tail.length;
    if (log[pos] === 0x0a) pos++;
    const hash = sha256Hex(payload);
    if (hash !== sha) out.blocks.push({ id, kind, status: 'corrupt', problem: `sha256 ${hash.slice(0, 12)}… of the bytes received ≠ ${sha.slice(0, 12)}… sent` });
    else out.blocks.push({ id, kind, status: 'complete', payload });
  }
  return out;
}

/** The last block of each cell. */
export function blocksByCell(parsed: ParsedLog): Map<string, Block> {
  const m = new Map<string, Block>();
  for (const b of parsed.blocks) m.set(b.id, b);
  return m;
}
