/**
 * A verified download into the cache: stream to `<dest>.part` in the cache folder while hashing, resume with Range
 * after an interruption, retry with backoff on 5xx / time-outs / dropped connections (undici's RetryAgent, which
 * resumes a cut body itself; short bodies and refused resumes are retried here, from the same budget), try the next
 * URL on a definitive failure, and rename into place only once the sha256 (and size) match the pin. On a mismatch the temp
 * file is deleted and the error names expected and actual. A lock file serialises fetches of the same destination.
 * After a network failure the temp file is kept, so the next run resumes where this one stopped.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname } from 'node:path';
import { BenchError } from '@modelbench/core';
import type { Pin } from '../catalogue/types.ts';
import { attemptDownload } from './attempt.ts';
import { openHttpClient } from './http-client.ts';
import { RetryBudget } from './retry-budget.ts';
import { sha256File } from './hash-file.ts';
import { withLock, type LockOptions } from './lock.ts';
import { ensureWritableCacheFolder } from '../cache-dir.ts';
import type { ProgressSink } from './progress.ts';
import { TransferError } from './transfer-error.ts';

export interface DownloadOptions {
  /** tried in order */
  urls: readonly string[];
  /** the final path; the caller derives it from the catalogue id, never from a URL */
  destPath: string;
  /** null: unpinned (the caller has already decided this is allowed); the computed hash is returned */
  expected: Pin | null;
  /** name shown in messages and on the progress bar */
  label?: string;
  /** abort an attempt when no byte arrives for this long (default 30 s) */
  idleTimeoutMs?: number;
  /** attempts per URL that make no progress before moving to the next URL (default 4) */
  maxAttemptsPerUrl?: number;
  /** pause before attempt n+1 after attempt n failed (default 0.5 s · 2^(n-1), at most 15 s) */
  backoffMs?: (failedAttempt: number) => number;
  progress?: ProgressSink;
  env?: NodeJS.ProcessEnv;
  lock?: LockOptions;
  /** one-line notes for the user (retries, resumes); default: none */
  log?: (line: string) => void;
}

export interface DownloadResult {
  path: string;
  sha256: string;
  sizeBytes: number;
  /** the URL that served the bytes (after redirects); undefined when the file was already in place */
  url: string | undefined;
  /** true when a verified file was already there (another process may have fetched it while we waited) */
  reused: boolean;
}

export function defaultBackoffMs(failedAttempt: number): number {
  return Math.min(15_000, 500 * 2 ** (failedAttempt - 1)) * (0.75 + Math.random() * 0.5);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function exists(path: string): Promise<boolean> {
  return fs.stat(path).then(
    () => true,
    () => false,
  );
}

function mismatch(label: string, expected: Pin, actual: { sha256?: string; sizeBytes: number }, url: string): BenchError {
  const got = actual.sha256 === undefined ? `${actual.sizeBytes} bytes announced` : `sha256 ${actual.sha256}, ${actual.sizeBytes} bytes`;
  return new BenchError('CHECKSUM_MISMATCH', `${label} from ${url}: expected sha256 ${expected.sha256}, ${expected.sizeBytes} bytes; got ${got}`, {
    hint: 'the download was deleted; the mirror serves a different file, or the catalogue pin is wrong',
  });
}

export async function downloadVerified(o: DownloadOptions): Promise<DownloadResult> {
  if (o.urls.length === 0) throw new BenchError('DOWNLOAD_FAILED', `no URL for ${o.label ?? basename(o.destPath)}`);
  const label = o.label ?? basename(o.destPath);
  const dest = o.destPath;
  const part = `${dest}.part`;
  const log = o.log ?? ((): void => undefined);
  const backoff = o.backoffMs ?? defaultBackoffMs;
  const maxAttempts = o.maxAttemptsPerUrl ?? 4;
  const expected = o.expected ?? undefined;
  await ensureWritableCacheFolder(dirname(dest));

  return withLock(`${dest}.lock`, { onWait: () => log(`${label}: another process is fetching it; waiting`), ...o.lock }, async () => {
    if (await exists(dest)) {
      const have = await sha256File(dest);
      if (!expected || (have.sha256 === expected.sha256 && have.sizeBytes === expected.sizeBytes)) {
        return { path: dest, ...have, url: undefined, reused: true };
      }
      log(`${label}: the cached file does not match its pin (sha256 ${have.sha256}); fetching it again`);
      await fs.rm(dest, { force: true });
    }

    let lastError: TransferError | undefined;
    let checksumError: BenchError | undefined;
    const idleTimeoutMs = o.idleTimeoutMs ?? 30_000;
    for (const url of o.urls) {
      let restartedAfterMismatch = false;
      const budget = new RetryBudget({ maxFruitless: maxAttempts, backoffMs: backoff, log, label, idleTimeoutMs });
      const client = openHttpClient({ env: o.env ?? process.env, idleTimeoutMs, budget });
      try {
        for (;;) {
          try {
            const r = await attemptDownload({ url, partPath: part, expected, idleTimeoutMs, client, budget, label, progress: o.progress });
            if (!r.ok) {
              checksumError = mismatch(label, expected as Pin, { sizeBytes: r.announcedBytes }, r.url);
              await fs.rm(part, { force: true });
              break;
            }
            if (expected && (r.sha256 !== expected.sha256 || r.sizeBytes !== expected.sizeBytes)) {
              await fs.rm(part, { force: true });
              if (r.resumedFromBytes > 0 && !restartedAfterMismatch) {
                restartedAfterMismatch = true; // the kept bytes may come from another mirror or version: once more from zero
                log(`${label}: resumed file does not verify; downloading it again from the start`);
                continue;
              }
              checksumError = mismatch(label, expected, r, r.url);
              break;
            }
            await fs.rename(part, dest);
            if (r.resumedFromBytes > 0) log(`${label}: resumed at byte ${r.resumedFromBytes}`);
            return { path: dest, sha256: r.sha256, sizeBytes: r.sizeBytes, url: r.url, reused: false };
          } catch (e) {
            if (!(e instanceof TransferError)) throw e;
            lastError = e;
            // RetryAgent already spent the budget on this error, or it is an answer rather than a failure
            if (!e.retryable || budget.exhausted) break;
            const waitMs = budget.spend(await fs.stat(part).then((s) => s.size, () => 0));
            if (waitMs === null) break;
            log(`${label}: ${e.message}; retrying in ${(waitMs / 1000).toFixed(1)} s`);
            await sleep(waitMs);
          }
        }
      } finally {
        await client.close();
      }
    }
    if (checksumError) throw checksumError;
    const kept = await exists(part);
    throw new BenchError('DOWNLOAD_FAILED', `could not download ${label}: ${lastError?.message ?? 'no URL answered'}`, {
      hint: kept
        ? `the partial file ${part} is kept; run the same command again to resume`
        : `check the network (HTTPS_PROXY / NODE_EXTRA_CA_CERTS), or place the file at ${dest} yourself`,
      cause: lastError,
    });
  });
}
