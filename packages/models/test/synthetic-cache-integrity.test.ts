/** The synthetic cache checks the bytes it hands out, rebuilds damaged ones and cleans up after a killed build. */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphBuilder, ONNX_SERIALIZATION_VERSION } from '@modelbench/onnx';
import { findCacheStrays, removeStrayTemps, tempFilePid } from '../src/cache-strays.ts';
import { runModelsCli } from '../src/cli.ts';
import { getSyntheticModel, syntheticPaths, type GetSyntheticOptions } from '../src/synthetic-cache.ts';
import { defineSyntheticBuilder, registerSyntheticBuilder } from '../src/synthetic-registry.ts';
import type { SyntheticModel } from '../src/synthetic/types.ts';
import { PACKAGE_DIR } from './helpers/child.ts';

let builds = 0;
/** A 64×64 MatMul: 16 KiB of weights, so 4 KiB can be overwritten in the middle of the file. */
function buildTiny(): SyntheticModel {
  builds++;
  const g = new GraphBuilder('tiny');
  const x = g.input('x', 'FLOAT', [1, 64]);
  const w = g.initializer('w', 'FLOAT', [64, 64], Float32Array.from({ length: 64 * 64 }, (_, i) => Math.sin(i)), true);
  g.op('MatMul', [x, w], {}, 'y');
  g.output('y', 'FLOAT', [1, 64]);
  g.count(0, 64 * 64);
  return { id: 'tiny', architecture: 'one MatMul', bytes: g.toBytes(), parameters: g.parameters, macsPerSample: g.macs };
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Overwrites 4 KiB in the middle of the file in place: same size, new mtime. */
function overwriteMiddle(path: string): void {
  const size = statSync(path).size;
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, new Uint8Array(4096).fill(0xab), 0, 4096, Math.floor(size / 2) - 2048);
  } finally {
    closeSync(fd);
  }
}

let dir: string;
let unregister: () => void;
let lines: string[];
const get = (o: Partial<GetSyntheticOptions> = {}) => getSyntheticModel('maskrcnn', { cacheDir: dir, log: (l) => lines.push(l), ...o });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mb-syn-int-'));
  builds = 0;
  lines = [];
  unregister = registerSyntheticBuilder(defineSyntheticBuilder({ workload: 'maskrcnn', version: 3, build: buildTiny }));
});
afterEach(() => {
  unregister();
  rmSync(dir, { recursive: true, force: true });
});

describe('synthetic cache integrity', () => {
  it('rebuilds, once and saying so, a model another ONNX serialization wrote (a sidecar from before it was recorded)', async () => {
    const first = await get();
    const side = JSON.parse(readFileSync(first.path.replace(/\.onnx$/, '.json'), 'utf8')) as Record<string, unknown>;
    expect(side.serialization).toBe(ONNX_SERIALIZATION_VERSION);
    delete side.serialization; // what every sidecar written by the field-level writer looks like
    writeFileSync(first.path.replace(/\.onnx$/, '.json'), JSON.stringify(side));
    const again = await get();
    expect([again.cacheHit, builds]).toEqual([false, 2]);
    expect(lines).toEqual([`synthetic model maskrcnn-v3-default: the cached model was written by ONNX serialization 1, this version writes ${ONNX_SERIALIZATION_VERSION}; rebuilding`]);
    expect([again.parameters, again.macsPerSample, again.sha256]).toEqual([64 * 64, 64 * 64, sha256(again.path)]);
    const third = await get();
    expect([third.cacheHit, builds, lines.length]).toEqual([true, 2, 1]);
  });

  it('records size, mtime and sha256 in the sidecar', async () => {
    const first = await get();
    const side = JSON.parse(readFileSync(first.path.replace(/\.onnx$/, '.json'), 'utf8')) as { sha256: string; sizeBytes: number; mtimeMs: number };
    const st = statSync(first.path);
    expect(side).toMatchObject({ sha256: sha256(first.path), sizeBytes: st.size, mtimeMs: st.mtimeMs });
    expect(st.size).toBeGreaterThan(16 * 1024);
  });

  it('4 KiB overwritten in the middle (size unchanged): the next use says so, rebuilds, and returns the hash of the new bytes', async () => {
    const first = await get();
    const size = statSync(first.path).size;
    overwriteMiddle(first.path);
    expect(statSync(first.path).size).toBe(size);
    const damaged = sha256(first.path);
    const second = await get();
    expect(lines).toEqual([
      `synthetic model maskrcnn-v3-default: cached bytes do not match their sha256 (sha256 ${damaged}, the sidecar recorded ${first.sha256}); rebuilding`,
    ]);
    expect(second.cacheHit).toBe(false);
    expect(builds).toBe(2);
    expect(second.sha256).toBe(sha256(second.path));
    expect(second.sha256).toBe(first.sha256); // the builder is deterministic: the rebuild restores the bytes
    lines = [];
    expect((await get()).cacheHit).toBe(true);
    expect(lines).toEqual([]);
  });

  it("catches damage whose mtime was put back (utimes) by re-hashing on every use; 'when-changed' trusts size and mtime", async () => {
    const first = await get();
    // a whole-second mtime, recorded in the sidecar, so that putting it back is exact (utimes takes float seconds)
    const sidecar = first.path.replace(/\.onnx$/, '.json');
    const t = Math.floor(Date.now() / 1000) - 60;
    utimesSync(first.path, t, t);
    writeFileSync(sidecar, JSON.stringify({ ...JSON.parse(readFileSync(sidecar, 'utf8')), mtimeMs: t * 1000 }));
    overwriteMiddle(first.path);
    expect(statSync(first.path).mtimeMs).not.toBe(t * 1000);
    utimesSync(first.path, t, t);
    expect(statSync(first.path).mtimeMs).toBe(t * 1000);
    // the size+mtime check alone cannot see it: that is why it is not the default
    const trusted = await get({ verify: 'when-changed' });
    expect(trusted).toMatchObject({ cacheHit: true, sha256: first.sha256 });
    expect(sha256(first.path)).not.toBe(first.sha256);
    const checked = await get();
    expect(checked.cacheHit).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^synthetic model maskrcnn-v3-default: cached bytes do not match their sha256 \(sha256 [0-9a-f]{64}, the sidecar recorded [0-9a-f]{64}\); rebuilding$/);
    expect(checked.sha256).toBe(sha256(checked.path));
  });

  it("'when-changed' re-hashes when the mtime moved, and accepts a touched file whose bytes still match", async () => {
    const first = await get();
    const later = new Date(statSync(first.path).mtimeMs + 5000);
    utimesSync(first.path, later, later);
    expect(await get({ verify: 'when-changed' })).toMatchObject({ cacheHit: true, sha256: first.sha256 });
    overwriteMiddle(first.path);
    expect((await get({ verify: 'when-changed' })).cacheHit).toBe(false);
    expect(lines).toHaveLength(1);
    expect(builds).toBe(2);
  });

  it('says a size change too, and rebuilds', async () => {
    const first = await get();
    const size = statSync(first.path).size;
    writeFileSync(first.path, readFileSync(first.path).subarray(0, size - 10));
    expect((await get()).cacheHit).toBe(false);
    expect(lines).toEqual([`synthetic model maskrcnn-v3-default: cached bytes do not match their sha256 (${size - 10} bytes, the sidecar recorded ${size}); rebuilding`]);
  });
});

describe('temp files of a killed synthesis', () => {
  it('names the pid of a writeFileAtomic temp file', () => {
    expect(tempFilePid('maskrcnn-v3-default.onnx.4242.tmp')).toBe(4242);
    expect(tempFilePid('maskrcnn-v3-default.onnx')).toBeNull();
  });

  it('a build killed mid-write leaves its temp file and lock; verify lists them; the next build takes the lock over, removes them and says so', async () => {
    const paths = syntheticPaths(dir, 'maskrcnn', 3, {});
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/synthetic-cache-killed-child.ts', dir], { cwd: PACKAGE_DIR, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the child never started writing: ${stderr}`)), 30_000);
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('writing')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const pid = child.pid!;
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
    const temp = `${paths.model}.${pid}.tmp`;
    expect(existsSync(temp)).toBe(true);
    expect(existsSync(paths.lock)).toBe(true);
    // the killed holder no longer refreshes its lock: let its mtime age past the stale threshold (no waiting here)
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(paths.lock, old, old);

    const out: string[] = [];
    const io = { stdout: (t: string) => void out.push(t), stderr: () => undefined, env: {}, cwd: dir };
    expect(await runModelsCli(['verify', '--cache-dir', dir, '--json'], io)).toBe(0);
    const listed = JSON.parse(out.join('')) as { strays: { path: string; kind: string; pid: number | null }[] };
    expect(listed.strays).toEqual([
      { path: paths.lock, kind: 'stale lock', sizeBytes: statSync(`${paths.lock}.holder`).size, pid },
      { path: temp, kind: 'temp file', sizeBytes: 1000, pid },
    ]);

    const r = await get();
    expect(r.cacheHit).toBe(false);
    expect(lines).toEqual([`synthetic model maskrcnn-v3-default: removed 1 temp file(s) of an interrupted build (lock taken over from pid ${pid}): maskrcnn-v3-default.onnx.${pid}.tmp`]);
    expect(readdirSync(join(dir, 'synthetic')).sort()).toEqual(['maskrcnn-v3-default.json', 'maskrcnn-v3-default.onnx']);
    expect(await findCacheStrays(dir)).toEqual([]);
  }, 60_000);

  it("removes only the temp files of its own model and other processes' (never another model's, never its own)", async () => {
    const paths = syntheticPaths(dir, 'maskrcnn', 3, {});
    const other = syntheticPaths(dir, 'ssd', 1, {});
    await get();
    const mine = [`${paths.model}.999999.tmp`, `${paths.sidecar}.999998.tmp`];
    const keep = [`${other.model}.999999.tmp`, `${paths.model}.${process.pid}.tmp`];
    for (const f of [...mine, ...keep]) writeFileSync(f, 'x');
    expect(await removeStrayTemps([paths.model, paths.sidecar], paths.lock)).toEqual([...mine].sort());
    expect(keep.every((f) => existsSync(f))).toBe(true);
  });

  it('verify prints the strays under the table', async () => {
    await get();
    const paths = syntheticPaths(dir, 'maskrcnn', 3, {});
    writeFileSync(`${paths.model}.999999.tmp`, 'partial');
    const out: string[] = [];
    const code = await runModelsCli(['verify', '--cache-dir', dir], { stdout: (t) => void out.push(t), stderr: () => undefined, env: {}, cwd: dir });
    expect(code).toBe(0);
    const text = out.join('');
    expect(text).toContain('stray files left by interrupted writes');
    expect(text).toMatch(new RegExp(`${paths.model.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\.999999\\.tmp\\s+temp file\\s+7 B\\s+999999`));
  });
});
