/**
 * Resumable prediction files: append-only JSONL, one record per sample, each line written whole with its newline in
 * one append. Opening an existing file reads the records it holds and the set of keys already done, so an interrupted
 * accuracy run goes on where it stopped; a last line cut off by the interruption (no newline, or not JSON) is dropped
 * and the file truncated back to the last whole record before appending. A key seen twice is refused.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { BenchError } from '@modelbench/core';

export interface JsonlReadResult<T> {
  records: T[];
  /** bytes of the whole records at the start of the file (where appending resumes) */
  validBytes: number;
  /** true when a cut-off last line was found (and ignored) */
  truncatedTail: boolean;
}

export function parseJsonl<T>(text: string, source: string, check: (v: unknown, where: string) => T): JsonlReadResult<T> {
  const records: T[] = [];
  let pos = 0;
  let line = 0;
  let truncatedTail = false;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    line++;
    const raw = nl === -1 ? text.slice(pos) : text.slice(pos, nl);
    let value: unknown;
    let parsed = true;
    try {
      value = raw.trim() === '' ? undefined : JSON.parse(raw);
    } catch {
      parsed = false;
    }
    if (nl === -1 || !parsed) {
      if (nl === -1 && raw.trim() !== '') {
        truncatedTail = true; // the run was interrupted while writing this line
        break;
      }
      if (!parsed) {
        throw new BenchError('BAD_INPUT', `${source} line ${line} is not JSON`, { hint: 'the predictions file is damaged: remove that line or rerun the accuracy run into a new folder' });
      }
    }
    if (value !== undefined) records.push(check(value, `${source} line ${line}`));
    pos = nl === -1 ? text.length : nl + 1;
  }
  // validBytes counts UTF-8 bytes of the whole lines kept
  return { records, validBytes: Buffer.byteLength(text.slice(0, pos), 'utf8'), truncatedTail };
}

export class ResumableJsonl<T> {
  readonly path: string;
  private readonly keyOf: (r: T) => string;
  private readonly doneKeys = new Set<string>();

  private constructor(path: string, keyOf: (r: T) => string) {
    this.path = path;
    this.keyOf = keyOf;
  }

  /** Opens (or creates) the file; `records` are those already there, in file order. */
  static open<T>(path: string, keyOf: (r: T) => string, check: (v: unknown, where: string) => T): { file: ResumableJsonl<T>; records: T[]; truncatedTail: boolean } {
    const file = new ResumableJsonl<T>(path, keyOf);
    let records: T[] = [];
    let truncatedTail = false;
    try {
      mkdirSync(dirname(path), { recursive: true });
      if (existsSync(path)) {
        const read = parseJsonl(readFileSync(path, 'utf8'), path, check);
        records = read.records;
        truncatedTail = read.truncatedTail;
        if (truncatedTail) truncateSync(path, read.validBytes);
      }
    } catch (e) {
      if (e instanceof BenchError) throw e;
      throw new BenchError('IO', `cannot open ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { hint: 'choose a folder you can write to' });
    }
    for (const r of records) file.markDone(r);
    return { file, records, truncatedTail };
  }

  private markDone(r: T): void {
    const k = this.keyOf(r);
    if (this.doneKeys.has(k)) throw new BenchError('BAD_INPUT', `${this.path}: ${k} is recorded twice`, { hint: 'the predictions file is damaged: rerun into a new folder' });
    this.doneKeys.add(k);
  }

  has(key: string): boolean {
    return this.doneKeys.has(key);
  }

  get doneCount(): number {
    return this.doneKeys.size;
  }

  append(records: readonly T[]): void {
    if (records.length === 0) return;
    for (const r of records) this.markDone(r);
    try {
      appendFileSync(this.path, records.map((r) => JSON.stringify(r) + '\n').join(''));
    } catch (e) {
      throw new BenchError('IO', `cannot append to ${this.path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { hint: 'check the disk space and permissions' });
    }
  }
}

/** Reads a finished predictions JSONL for scoring (no truncation; a cut-off last line is an error here). */
export function readJsonlFile<T>(path: string, check: (v: unknown, where: string) => T): T[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BenchError('BAD_INPUT', `predictions ${path}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`}`, {
      hint: 'pass the run folder the accuracy run wrote (manifest.json and its predictions)',
    });
  }
  const r = parseJsonl(text, path, check);
  if (r.truncatedTail) {
    throw new BenchError('BAD_INPUT', `predictions ${path}: the last line is cut off (an interrupted run)`, { hint: 'resume the accuracy run to finish the file, then score it' });
  }
  return r.records;
}
