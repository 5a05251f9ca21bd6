/** Concurrent fetches of the same file take turns through the lock file, in one process and across processes. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { downloadVerified } from '../src/download/download.ts';
import { acquireLock } from '../src/download/lock.ts';
import { cleanEnv, runTs } from './helpers/child.ts';
import { serveBytes, startServer, tinyModel, type TestServer } from './helpers/model-server.ts';

const model = tinyModel();
const pin = { sha256: model.sha256, sizeBytes: model.sizeBytes };
let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startServer();
  server.route('/slow.onnx', (req, res) => serveBytes(req, res, model.bytes, { chunkDelayMs: 4 }));
});
afterAll(async () => server.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mb-lock-'));
  server.seen.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const gets = (): number => server.seen.filter((s) => s.path === '/slow.onnx').length;

describe('download lock', () => {
  it('two concurrent fetches in one process download once; the second reuses the verified file', async () => {
    const o = { urls: [server.url('/slow.onnx')], destPath: join(dir, 'm.onnx'), expected: pin, env: {}, lock: { pollMs: 10 } };
    const [a, b] = await Promise.all([downloadVerified(o), downloadVerified(o)]);
    expect([a.sha256, b.sha256]).toEqual([model.sha256, model.sha256]);
    expect([a.reused, b.reused].sort()).toEqual([false, true]);
    expect(gets()).toBe(1);
    expect(readdirSync(dir)).toEqual(['m.onnx']);
  });

  it('two processes fetching the same file take turns: one downloads while the other waits on the lock', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const fallback = setTimeout(() => open(), 15_000); // never hang: without a waiter the assertions below fail
    server.route('/gated.onnx', (req, res) => void gate.then(() => serveBytes(req, res, model.bytes)));
    const args = JSON.stringify({ urls: [server.url('/gated.onnx')], destPath: join(dir, 'm.onnx'), expected: pin, idleTimeoutMs: 20_000 });
    const onStderr = (text: string): void => {
      if (text.includes('another process is fetching it')) open();
    };
    const env = cleanEnv();
    const runs = await Promise.all([0, 1].map(() => runTs('test/fixtures/fetch-child.ts', [args], { env, onStderr })));
    clearTimeout(fallback);
    const outs = runs.map((r) => JSON.parse(r.stdout.trim()) as { ok: boolean; sha256: string; reused: boolean });
    expect(outs.map((o) => o.ok)).toEqual([true, true]);
    expect(outs.map((o) => o.sha256)).toEqual([model.sha256, model.sha256]);
    expect(runs.filter((r) => r.stderr.includes('another process is fetching it')).length).toBe(1);
    expect(server.seen.filter((s) => s.path === '/gated.onnx').length).toBe(1);
    expect(outs.filter((o) => o.reused).length).toBe(1);
    expect(readdirSync(dir)).toEqual(['m.onnx']);
  }, 30_000);

  it('takes over a lock whose holder stopped refreshing it (what SIGKILL leaves), naming the old holder', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    const lock = join(dir, 'm.onnx.lock');
    mkdirSync(lock); // proper-lockfile's lock is a folder; its holder file sits beside it
    writeFileSync(`${lock}.holder`, JSON.stringify({ pid: dead, host: hostname(), token: 'x', createdAt: new Date().toISOString() }));
    const old = new Date(Date.now() - 3_600_000); // the heartbeat stopped an hour ago
    utimesSync(lock, old, old);
    const taken = await acquireLock(lock);
    expect(taken.tookOver).toEqual({ holder: { pid: dead, host: hostname(), token: 'x', createdAt: expect.any(String) } });
    expect(JSON.parse(readFileSync(`${lock}.holder`, 'utf8'))).toMatchObject({ pid: process.pid });
    await taken.release();
    expect(readdirSync(dir)).toEqual([]);
    // and a download does the same with a stale lock of its file
    mkdirSync(lock);
    utimesSync(lock, old, old);
    const r = await downloadVerified({ urls: [server.url('/slow.onnx')], destPath: join(dir, 'm.onnx'), expected: pin, env: {} });
    expect(r.sha256).toBe(model.sha256);
    expect(readdirSync(dir)).toEqual(['m.onnx']);
  });

  it('takes over a stale lock with an unreadable holder file (holder unknown)', async () => {
    const lock = join(dir, 'x.lock');
    mkdirSync(lock);
    writeFileSync(`${lock}.holder`, 'garbage');
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(lock, old, old);
    const l = await acquireLock(lock, { staleMs: 60_000 });
    expect(l.tookOver).toEqual({ holder: undefined });
    await l.release();
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(`${lock}.holder`)).toBe(false);
  });

  it('never takes over a lock refreshed within staleMs, however long ago it was made', async () => {
    const lock = join(dir, 'z.lock');
    const held = await acquireLock(lock, { staleMs: 2_000 });
    // a fresh mtime is what a live holder's heartbeat keeps; the waiter sees it busy and times out
    const e = await acquireLock(lock, { staleMs: 2_000, waitTimeoutMs: 50, pollMs: 10 }).catch((err: unknown) => err);
    expect((e as BenchError).message).toMatch(/gave up after 50 ms waiting for .*z\.lock, held by pid \d+/);
    await held.release();
  });

  it('waits for a live holder and gives up after the wait time-out, naming the holder', async () => {
    const lock = join(dir, 'y.lock');
    const held = await acquireLock(lock);
    const notes: unknown[] = [];
    const e = await acquireLock(lock, { waitTimeoutMs: 80, pollMs: 10, onWait: (h) => notes.push(h) }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(BenchError);
    expect((e as BenchError).message).toContain(`held by pid ${process.pid}`);
    expect(notes.length).toBe(1);
    await held.release();
    const next = await acquireLock(lock, { waitTimeoutMs: 80 });
    await next.release();
  });
});
