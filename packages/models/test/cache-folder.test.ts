/** A model cache that cannot be written: downloads and synthetic models say the same thing, with the same fix. */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { CACHE_NOT_WRITABLE_HINT, cacheFolderProblem, ensureWritableCacheFolder, folderNotWritableCause } from '../src/cache-dir.ts';
import { downloadVerified } from '../src/download/download.ts';
import { getSyntheticModel } from '../src/synthetic-cache.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-cache-folder-'));
const aFile = join(dir, 'models');
writeFileSync(aFile, 'not a folder');

async function failure(p: Promise<unknown>): Promise<BenchError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof BenchError)) throw new Error(`expected a BenchError, got ${String(e)}`);
  return e;
}

describe('a cache folder that is a file', () => {
  it('models fetch (the downloader) names the file and gives the fix, before any network', async () => {
    const dest = join(aFile, 'zoo', 'resnet50-v1-12.onnx');
    const e = await failure(downloadVerified({ urls: ['http://127.0.0.1:9/never'], destPath: dest, expected: { sha256: 'a'.repeat(64), sizeBytes: 1 }, env: {} }));
    expect(e.code).toBe('IO');
    expect(e.message).toBe(`cannot write the model cache ${join(aFile, 'zoo')}: ${aFile} is a file, not a folder`);
    expect(e.hint).toBe(CACHE_NOT_WRITABLE_HINT);
  });

  it('the synthetic cache says it the same way', async () => {
    const e = await failure(getSyntheticModel('resnet50', { cacheDir: aFile, log: () => undefined }));
    expect(e.message).toBe(`cannot write the model cache ${join(aFile, 'synthetic')}: ${aFile} is a file, not a folder`);
    expect(e.hint).toBe(CACHE_NOT_WRITABLE_HINT);
  });
});

describe('a cache folder that cannot take new files', () => {
  it('names a read-only mount as such', () => {
    expect(folderNotWritableCause('/models', 'EROFS')).toBe('/models is not writable (read-only file system)');
  });

  const isRoot = process.getuid?.() === 0;
  it.skipIf(isRoot)('an existing folder without write permission fails before the lock file, with the fix', async () => {
    const ro = join(dir, 'ro');
    mkdirSync(join(ro, 'zoo'), { recursive: true });
    chmodSync(join(ro, 'zoo'), 0o555);
    try {
      expect(await cacheFolderProblem(join(ro, 'zoo'))).toBe(`${join(ro, 'zoo')} is not writable (EACCES)`);
      const e = await failure(ensureWritableCacheFolder(join(ro, 'zoo')));
      expect(e.message).toBe(`cannot write the model cache ${join(ro, 'zoo')}: ${join(ro, 'zoo')} is not writable (EACCES)`);
    } finally {
      chmodSync(join(ro, 'zoo'), 0o755);
    }
  });

  it('a writable folder passes and is created', async () => {
    await ensureWritableCacheFolder(join(dir, 'fresh', 'zoo'));
    expect(await cacheFolderProblem(join(dir, 'fresh', 'zoo'))).toBeUndefined();
  });
});
