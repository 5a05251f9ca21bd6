/** The verified downloader against a real local HTTP server serving a generated ONNX model. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { downloadVerified, type DownloadOptions } from '../src/download/download.ts';
import { serveBytes, startServer, tinyModel, type TestServer } from './helpers/model-server.ts';

const model = tinyModel();
const pin = { sha256: model.sha256, sizeBytes: model.sizeBytes };
let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mb-dl-'));
  server.seen.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function options(path: string, extra: Partial<DownloadOptions> = {}): DownloadOptions {
  return {
    urls: [server.url(path)],
    destPath: join(dir, 'tiny.onnx'),
    expected: pin,
    env: {},
    idleTimeoutMs: 2000,
    backoffMs: () => 5,
    ...extra,
  };
}

async function failure(p: Promise<unknown>): Promise<BenchError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(BenchError);
  return e as BenchError;
}

const files = (): string[] => readdirSync(dir).sort();

describe('downloadVerified', () => {
  it('downloads, verifies and renames into place, leaving no temp or lock file', async () => {
    server.route('/ok.onnx', (req, res) => serveBytes(req, res, model.bytes));
    const r = await downloadVerified(options('/ok.onnx'));
    expect(r).toMatchObject({ sha256: model.sha256, sizeBytes: model.sizeBytes, reused: false, url: server.url('/ok.onnx') });
    expect(Buffer.compare(readFileSync(r.path), Buffer.from(model.bytes))).toBe(0);
    expect(files()).toEqual(['tiny.onnx']);
    expect(server.seen.map((s) => s.headers['accept-encoding'])).toEqual(['identity']);
  });

  it('rejects a wrong sha256, names expected and actual, and deletes the temp file', async () => {
    server.route('/ok.onnx', (req, res) => serveBytes(req, res, model.bytes));
    const wrong = { sha256: 'ab'.repeat(32), sizeBytes: model.sizeBytes };
    const e = await failure(downloadVerified(options('/ok.onnx', { expected: wrong })));
    expect(e.code).toBe('CHECKSUM_MISMATCH');
    expect(e.message).toContain(`expected sha256 ${wrong.sha256}`);
    expect(e.message).toContain(`got sha256 ${model.sha256}`);
    expect(files()).toEqual([]);
  });

  it('stops early when the server announces a size other than the pin', async () => {
    server.route('/ok.onnx', (req, res) => serveBytes(req, res, model.bytes));
    const e = await failure(downloadVerified(options('/ok.onnx', { expected: { sha256: model.sha256, sizeBytes: model.sizeBytes + 1 } })));
    expect(e.code).toBe('CHECKSUM_MISMATCH');
    expect(e.message).toContain(`${model.sizeBytes} bytes announced`);
    expect(files()).toEqual([]);
  });

  it('falls through to the second URL when the first serves other bytes', async () => {
    server.route('/other.onnx', (req, res) => serveBytes(req, res, tinyModel(2).bytes));
    server.route('/ok.onnx', (req, res) => serveBytes(req, res, model.bytes));
    const r = await downloadVerified(options('/other.onnx', { urls: [server.url('/other.onnx'), server.url('/ok.onnx')] }));
    expect(r.sha256).toBe(model.sha256);
    expect(r.url).toBe(server.url('/ok.onnx'));
  });

  it('detects a body that ends short and resumes it with Range', async () => {
    const half = Math.floor(model.sizeBytes / 2);
    server.route('/short.onnx', (req, res, n) => serveBytes(req, res, model.bytes, n === 1 ? { endAfterBytes: half } : {}));
    const r = await downloadVerified(options('/short.onnx'));
    expect(r.sha256).toBe(model.sha256);
    expect(server.seen.map((s) => s.headers.range)).toEqual([undefined, `bytes=${half}-`]);
    expect(files()).toEqual(['tiny.onnx']);
  });

  it('gives up on a body that is always short, keeps no final file, and keeps the part for a later resume', async () => {
    const half = Math.floor(model.sizeBytes / 2);
    server.route('/short.onnx', (req, res) => serveBytes(req, res, model.bytes, { endAfterBytes: half, honourRange: false }));
    const e = await failure(downloadVerified(options('/short.onnx', { maxAttemptsPerUrl: 3 })));
    expect(e.code).toBe('DOWNLOAD_FAILED');
    expect(e.message).toContain(`after ${half} of ${model.sizeBytes} bytes`);
    expect(existsSync(join(dir, 'tiny.onnx'))).toBe(false);
    expect(files()).toEqual(['tiny.onnx.part']);
    expect(server.seen.length).toBe(4); // the first attempt makes progress and does not count; then 3 fruitless ones
  });

  it('resumes with Range after the connection drops mid-stream (undici RetryAgent, within the attempt)', async () => {
    const cut = 20_000;
    server.route('/drop.onnx', (req, res, n) => serveBytes(req, res, model.bytes, n === 1 ? { dropAfterBytes: cut } : {}));
    const lines: string[] = [];
    const r = await downloadVerified(options('/drop.onnx', { log: (l) => lines.push(l) }));
    expect(r.sha256).toBe(model.sha256);
    // RetryAgent asks for the rest with a closed range: bytes=20000-(size - 1)
    expect(server.seen.map((s) => s.headers.range)).toEqual([undefined, `bytes=${cut}-${model.sizeBytes - 1}`]);
    expect(lines).toEqual([`tiny.onnx: 127.0.0.1:${server.port}: connection closed (other side closed); resuming at byte ${cut} in 0.0 s`]);
    expect(files()).toEqual(['tiny.onnx']);
  });

  it('starts over when the server ignores Range', async () => {
    const cut = 20_000;
    server.route('/norange.onnx', (req, res, n) => serveBytes(req, res, model.bytes, { honourRange: false, ...(n === 1 ? { dropAfterBytes: cut } : {}) }));
    const r = await downloadVerified(options('/norange.onnx'));
    expect(r.sha256).toBe(model.sha256);
    // RetryAgent's resume gets a 200 and refuses to glue it on; the next attempt asks again from the file's end,
    // gets the whole body (200) and writes it from byte 0
    expect(server.seen.map((s) => s.headers.range)).toEqual([undefined, `bytes=${cut}-${model.sizeBytes - 1}`, `bytes=${cut}-`]);
  });

  it('resumes a temp file an earlier run left (Range bytes=N-), re-hashing its bytes from disk', async () => {
    server.route('/ok.onnx', (req, res) => serveBytes(req, res, model.bytes));
    const kept = 30_000;
    writeFileSync(join(dir, 'tiny.onnx.part'), model.bytes.subarray(0, kept));
    const lines: string[] = [];
    const r = await downloadVerified(options('/ok.onnx', { log: (l) => lines.push(l) }));
    expect(r.sha256).toBe(model.sha256);
    expect(server.seen.map((s) => s.headers.range)).toEqual([`bytes=${kept}-`]);
    expect(lines).toEqual([`tiny.onnx: resumed at byte ${kept}`]);
    expect(files()).toEqual(['tiny.onnx']);
  });

  it('does not retry a 404 and reports it', async () => {
    const e = await failure(downloadVerified(options('/missing.onnx')));
    expect(e.code).toBe('DOWNLOAD_FAILED');
    expect(e.message).toContain('HTTP 404');
    expect(server.seen.length).toBe(1);
    expect(files()).toEqual([]);
  });

  it('retries 5xx with the injected backoff, then succeeds', async () => {
    server.route('/flaky.onnx', (req, res, n) => (n <= 2 ? res.writeHead(503).end('busy') : serveBytes(req, res, model.bytes)));
    const waits: number[] = [];
    const r = await downloadVerified(options('/flaky.onnx', { backoffMs: (a) => (waits.push(a), 5) }));
    expect(r.sha256).toBe(model.sha256);
    expect(waits).toEqual([1, 2]);
    expect(server.seen.length).toBe(3);
  });

  it('times out on a server that stalls mid-body, retries, then fails', async () => {
    server.route('/slow.onnx', (req, res) => serveBytes(req, res, model.bytes, { stallAfterBytes: 1000, honourRange: false }));
    const e = await failure(downloadVerified(options('/slow.onnx', { idleTimeoutMs: 150, maxAttemptsPerUrl: 2, backoffMs: () => 5 })));
    expect(e.code).toBe('DOWNLOAD_FAILED');
    expect(e.message).toContain('no data for 150 ms');
    // each attempt ended by the idle timeout rather than hanging: the first brings 1000 bytes (progress, not counted),
    // the next two bring nothing new (the server ignores Range and stalls at the same byte) and exhaust the 2 allowed
    expect(server.seen.length).toBe(3);
    expect(existsSync(join(dir, 'tiny.onnx'))).toBe(false);
  });

  it('follows redirects (relative Location, two hops)', async () => {
    server.route('/a', (_req, res) => res.writeHead(301, { location: '/b' }).end());
    server.route('/b', (_req, res) => res.writeHead(307, { location: server.url('/final.onnx') }).end());
    server.route('/final.onnx', (req, res) => serveBytes(req, res, model.bytes));
    const r = await downloadVerified(options('/a'));
    expect(r.url).toBe(server.url('/final.onnx'));
    expect(server.seen.map((s) => s.path)).toEqual(['/a', '/b', '/final.onnx']);
  });

  it('refuses a redirect loop', async () => {
    server.route('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end());
    const e = await failure(downloadVerified(options('/loop')));
    expect(e.message).toContain('more than 10 redirects');
  });

  it('reuses a verified file that is already in place', async () => {
    server.route('/ok.onnx', (req, res) => serveBytes(req, res, model.bytes));
    await downloadVerified(options('/ok.onnx'));
    const again = await downloadVerified(options('/ok.onnx'));
    expect(again.reused).toBe(true);
    expect(server.seen.length).toBe(1);
  });
});
