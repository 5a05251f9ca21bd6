/**
 * resolveCatalogueModel end to end against a local server: fetch, cache trust, --offline, unpinned entries,
 * companions, tampering, and cache names that never come from the URL.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { readRecord } from '../src/catalogue/cache-record.ts';
import { verifyCache } from '../src/catalogue/inventory.ts';
import { resolveCatalogueModel, type ResolveOptions } from '../src/catalogue/resolve.ts';
import type { CatalogueEntry, RemoteEntry } from '../src/catalogue/types.ts';
import { serveBytes, startServer, tinyModel, type TestServer } from './helpers/model-server.ts';

const model = tinyModel();
const tokenizer = new TextEncoder().encode(JSON.stringify({ version: '1.0', model: { type: 'WordPiece' } }));
let server: TestServer;
let root: string;
let cacheDir: string;
let entries: CatalogueEntry[];

function remote(id: string, path: string, extra: Partial<RemoteEntry> = {}): RemoteEntry {
  return {
    id,
    workload: 'resnet50',
    title: id,
    license: 'test',
    source: 'onnx-model-zoo',
    kind: 'model',
    format: 'onnx',
    urls: [server.url(path)],
    pin: { sha256: model.sha256, sizeBytes: model.sizeBytes },
    provenance: 'test',
    ...extra,
  };
}

beforeAll(async () => {
  server = await startServer();
  server.route('/m.onnx', (req, res) => serveBytes(req, res, model.bytes));
  server.route('/tok.json', (req, res) => serveBytes(req, res, tokenizer));
  server.route('/..%2F..%2Fevil.onnx', (req, res) => serveBytes(req, res, model.bytes, { headers: { 'content-disposition': 'attachment; filename="../../evil.onnx"' } }));
  entries = [
    remote('pinned', '/m.onnx'),
    remote('open', '/m.onnx', { source: 'export', pin: null, companions: ['open-tokenizer'] }),
    remote('open-tokenizer', '/tok.json', { source: 'export', pin: null, kind: 'tokenizer', format: 'json' }),
    remote('sneaky', '/..%2F..%2Fevil.onnx'),
  ];
});
afterAll(async () => server.close());
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mb-res-'));
  cacheDir = join(root, 'cache');
  server.seen.length = 0;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const opts = (extra: Partial<ResolveOptions> = {}): ResolveOptions => ({ cacheDir, entries, env: {}, download: { backoffMs: () => 5, idleTimeoutMs: 2000 }, ...extra });

async function failure(p: Promise<unknown>): Promise<BenchError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(BenchError);
  return e as BenchError;
}

describe('resolveCatalogueModel', () => {
  it('fetches a pinned entry once, records it, then serves it from the cache (also offline)', async () => {
    const first = await resolveCatalogueModel('pinned', opts());
    expect(first).toMatchObject({ path: join(cacheDir, 'pinned.onnx'), sha256: model.sha256, sizeBytes: model.sizeBytes, origin: 'download', pinned: true });
    expect(readRecord(first.path)).toMatchObject({ id: 'pinned', sha256: model.sha256, pinned: true, url: server.url('/m.onnx') });
    const again = await resolveCatalogueModel('pinned', opts({ offline: true }));
    expect(again).toMatchObject({ path: first.path, sha256: model.sha256, origin: 'cache' });
    expect(server.seen.length).toBe(1);
  });

  it('--offline never touches the network and names the file it expected where', async () => {
    const e = await failure(resolveCatalogueModel('pinned', opts({ offline: true })));
    expect(e.code).toBe('OFFLINE');
    expect(e.message).toContain(join(cacheDir, 'pinned.onnx'));
    expect(e.message).toContain(model.sha256);
    expect(server.seen.length).toBe(0);
  });

  it('refuses an unpinned entry without allowUnpinned, before any request', async () => {
    const e = await failure(resolveCatalogueModel('open', opts()));
    expect(e.code).toBe('USAGE');
    expect(e.exitCode).toBe(2);
    expect(e.hint).toContain('--allow-unpinned');
    expect(server.seen.length).toBe(0);
    expect(existsSync(cacheDir)).toBe(false);
  });

  it('fetches an unpinned entry with allowUnpinned, prints and records the computed sha256, and brings its companion', async () => {
    const lines: string[] = [];
    const r = await resolveCatalogueModel('open', opts({ allowUnpinned: true, log: (l) => lines.push(l) }));
    expect(r).toMatchObject({ sha256: model.sha256, pinned: false, origin: 'download' });
    expect(lines).toContain(`open: unpinned download; computed sha256 ${model.sha256} (${model.sizeBytes} bytes), recorded next to the file`);
    expect(readRecord(r.path)?.sha256).toBe(model.sha256);
    expect(r.companions.map((c) => [c.entry.id, c.path])).toEqual([['open-tokenizer', join(cacheDir, 'open-tokenizer.json')]]);
    expect(readFileSync(r.companions[0]?.path ?? '')).toEqual(Buffer.from(tokenizer));
    // once cached, using it needs no flag and no network
    server.seen.length = 0;
    const cached = await resolveCatalogueModel('open', opts({ offline: true }));
    expect(cached.sha256).toBe(model.sha256);
    expect(server.seen.length).toBe(0);
  });

  it('names the cache file after the id, whatever the URL path or Content-Disposition say', async () => {
    const r = await resolveCatalogueModel('sneaky', opts());
    expect(r.path).toBe(join(cacheDir, 'sneaky.onnx'));
    expect(server.seen[0]?.path).toBe('/..%2F..%2Fevil.onnx');
    expect(readdirSync(root)).toEqual(['cache']);
    expect(readdirSync(cacheDir).sort()).toEqual(['sneaky.onnx', 'sneaky.onnx.verified.json']);
  });

  it('notices a cached file that was changed, refuses it offline, and replaces it online', async () => {
    const r = await resolveCatalogueModel('pinned', opts());
    const bytes = readFileSync(r.path);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    writeFileSync(r.path, bytes); // same size, new mtime: the record no longer vouches for it
    const later = new Date(Date.now() + 5000);
    utimesSync(r.path, later, later); // a filesystem with coarse timestamps must see the change too
    const e = await failure(resolveCatalogueModel('pinned', opts({ offline: true })));
    expect(e.code).toBe('CHECKSUM_MISMATCH');
    const rows = await verifyCache(cacheDir, entries);
    expect(rows.map((x) => [x.name, x.status])).toEqual([['pinned', 'mismatch']]);
    const fixed = await resolveCatalogueModel('pinned', opts());
    expect(fixed).toMatchObject({ sha256: model.sha256, origin: 'download' });
    expect((await verifyCache(cacheDir, entries)).map((x) => x.status)).toEqual(['ok']);
  });

  it('verify re-hashes unpinned files against the hash recorded when they were fetched', async () => {
    const r = await resolveCatalogueModel('open', opts({ allowUnpinned: true }));
    expect((await verifyCache(cacheDir, entries)).map((x) => [x.name, x.status])).toEqual([['open', 'ok'], ['open-tokenizer', 'ok']]);
    const bytes = readFileSync(r.path);
    bytes[10] = (bytes[10] ?? 0) ^ 1;
    writeFileSync(r.path, bytes);
    const rows = await verifyCache(cacheDir, entries);
    expect(rows[0]).toMatchObject({ name: 'open', status: 'mismatch', expectedSha256: model.sha256 });
  });

  it('accepts a pinned file placed in the cache by hand once it hashes right', async () => {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(join(cacheDir, 'pinned.onnx'), model.bytes);
    const r = await resolveCatalogueModel('pinned', opts({ offline: true }));
    expect(r).toMatchObject({ sha256: model.sha256, origin: 'cache' });
    expect(readRecord(r.path)?.sha256).toBe(model.sha256);
  });
});
