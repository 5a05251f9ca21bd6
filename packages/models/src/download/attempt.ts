/**
 * One attempt at one URL: continue the temp file from where it stops (HTTP Range), hashing as bytes arrive. Within
 * the attempt, undici's RetryAgent resumes a body cut mid-way by itself (http-client.ts), so the body read here is
 * one continuous stream. The bytes already on disk are re-hashed from the file itself, so the hash and the file can
 * never be out of step.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pin } from '../catalogue/types.ts';
import { hashInto } from './hash-file.ts';
import { discardBody, headerValue, httpGet, type HttpClient } from './http-client.ts';
import type { ProgressSink } from './progress.ts';
import type { RetryBudget } from './retry-budget.ts';
import { TransferError, classifyTransferError, isRetryableStatus, statusText } from './transfer-error.ts';

export interface AttemptOptions {
  url: string;
  partPath: string;
  expected: Pin | undefined;
  idleTimeoutMs: number;
  client: HttpClient;
  budget: RetryBudget;
  label: string;
  progress: ProgressSink | undefined;
}

export type AttemptResult =
  | { ok: true; sha256: string; sizeBytes: number; url: string; resumedFromBytes: number }
  /** the server announces a size other than the pinned one: no point reading the body */
  | { ok: false; announcedBytes: number; url: string };

async function sizeOf(path: string): Promise<number> {
  try {
    return (await fs.stat(path)).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
}

/** `bytes start-end/total` → start and total (total undefined for `*`). */
function parseContentRange(value: string | undefined): { start: number; total: number | undefined } | undefined {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '');
  if (!m) return undefined;
  return { start: Number(m[1]), total: m[3] === '*' ? undefined : Number(m[3]) };
}

export async function attemptDownload(o: AttemptOptions): Promise<AttemptResult> {
  let offset = await sizeOf(o.partPath);
  if (o.expected && offset > o.expected.sizeBytes) {
    await fs.rm(o.partPath, { force: true });
    offset = 0;
  }
  o.budget.position = offset;
  o.budget.reached(offset);
  const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
  const res = await httpGet(o.client, o.budget, o.url, headers, o.idleTimeoutMs);
  const finalUrl = res.url;
  const discard = (): void => discardBody(res.body);

  let totalBytes: number | undefined;
  const lengthHeader = headerValue(res.headers, 'content-length');
  const length = lengthHeader === undefined ? undefined : Number(lengthHeader);
  if (res.status === 416 && offset > 0) {
    discard();
    // the temp file may already hold everything (an earlier attempt died between the last byte and the rename)
    if (o.expected && offset === o.expected.sizeBytes) {
      const hash = createHash('sha256');
      await hashInto(hash, o.partPath);
      return { ok: true, sha256: hash.digest('hex'), sizeBytes: offset, url: finalUrl.href, resumedFromBytes: offset };
    }
    await fs.rm(o.partPath, { force: true });
    throw new TransferError('range', `${finalUrl.host} refused the range bytes=${offset}- (HTTP 416); starting over`, true, res.status);
  }
  if (res.status === 206 && offset > 0) {
    const contentRange = headerValue(res.headers, 'content-range');
    const range = parseContentRange(contentRange);
    if (range === undefined || range.start !== offset) {
      discard();
      await fs.rm(o.partPath, { force: true });
      throw new TransferError('range', `${finalUrl.host} answered bytes=${offset}- with Content-Range '${contentRange}'; starting over`, true, res.status);
    }
    totalBytes = range.total ?? (length === undefined ? undefined : offset + length);
  } else if (res.status === 200) {
    offset = 0; // no Range sent, or the server ignored it: the body is the whole file
    o.budget.position = 0;
    totalBytes = length;
  } else {
    discard();
    throw new TransferError('http', `${statusText(res.status)} from ${finalUrl.href}`, isRetryableStatus(res.status), res.status);
  }

  if (o.expected && totalBytes !== undefined && totalBytes !== o.expected.sizeBytes) {
    discard();
    return { ok: false, announcedBytes: totalBytes, url: finalUrl.href };
  }

  const hash = createHash('sha256');
  if (offset > 0) await hashInto(hash, o.partPath);
  o.progress?.start({ label: o.label, totalBytes: totalBytes ?? o.expected?.sizeBytes, resumedFromBytes: offset });
  let received = 0;
  const budget = o.budget;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      received += chunk.length;
      budget.position = offset + received;
      o.progress?.advance(chunk.length);
      done(null, chunk);
    },
  });
  try {
    await pipeline(res.body, tap, createWriteStream(o.partPath, { flags: offset > 0 ? 'a' : 'w' }));
  } catch (e) {
    o.progress?.end(false);
    const reason = classifyTransferError(e, finalUrl, o.idleTimeoutMs);
    throw new TransferError(reason.failure, `${reason.message} after ${offset + received} bytes`, reason.retryable, reason.status, { cause: e });
  }
  const sizeBytes = offset + received;
  const wanted = totalBytes ?? o.expected?.sizeBytes;
  if (wanted !== undefined && sizeBytes < wanted) {
    o.progress?.end(false);
    throw new TransferError('truncated', `${finalUrl.host} ended the body after ${sizeBytes} of ${wanted} bytes`, true);
  }
  o.progress?.end(true);
  return { ok: true, sha256: hash.digest('hex'), sizeBytes, url: finalUrl.href, resumedFromBytes: offset };
}
