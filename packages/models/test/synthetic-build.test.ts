/**
 * Issue 21 #7 and #23: a built-in synthetic model is built in a worker thread — the same bytes as in this thread, while
 * this thread's timers (the progress clock) keep running — and Ctrl-C / SIGTERM during the build says so in one
 * line, exits 130 / 143 and leaves neither the lock nor a temp file for the next run to clean up.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSyntheticInWorker } from '../src/synthetic-build.ts';
import { syntheticInterruptLine } from '../src/synthetic-interrupt.ts';
import { buildResNet50 } from '../src/synthetic/resnet50.ts';
import { sha256Bytes } from '../src/download/hash-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-synth-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('synthetic builds in a worker', () => {
  it('give the bytes the builder gives in this thread, and this thread keeps running meanwhile', async () => {
    const options = { imageSize: 32, numClasses: 5 };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    let resolved = false;
    const build = buildSyntheticInWorker('resnet50', options).finally(() => (resolved = true));
    // this thread is free while the worker builds: a timer fires before the build is back
    await new Promise<void>((r) => {
      const check = setInterval(() => {
        if (ticks > 0 || resolved) {
          clearInterval(check);
          r();
        }
      }, 5);
    });
    const ticksBeforeResult = resolved ? 0 : ticks;
    const model = await build;
    clearInterval(timer);
    expect(ticksBeforeResult).toBeGreaterThan(0);
    const here = buildResNet50(options);
    expect(sha256Bytes(model.bytes)).toBe(sha256Bytes(here.bytes));
    expect([model.parameters, model.macsPerSample]).toEqual([here.parameters, here.macsPerSample]);
  }, 120_000);

  it("an error in the worker comes back as the builder's BenchError", async () => {
    await expect(buildSyntheticInWorker('ssd', { candidates: -1 })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringMatching(/SSD candidate count must be an integer/) });
  }, 120_000);
});

describe('interrupting a synthesis', () => {
  it('says what happened', () => {
    expect(syntheticInterruptLine('SIGINT', '/c/synthetic/resnet50-v3-default.onnx', false)).toBe(
      'interrupted by SIGINT while synthesizing resnet50-v3-default: stopped, nothing kept (its temp files and lock are removed); run the command again to build it',
    );
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} during the build: one line, exit ${code}, no lock and no temp file left`, async () => {
      const cache = join(dir, signal);
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'helpers', 'synthesize-child.ts'), cache], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      let out = '';
      child.stderr.on('data', (d) => (err += String(d)));
      child.stdout.on('data', (d) => (out += String(d)));
      const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      const synthetic = join(cache, 'synthetic');
      // the lock exists while the build runs: signal then
      while (!(existsSync(synthetic) && readdirSync(synthetic).some((n) => n.endsWith('.lock')))) await new Promise((r) => setTimeout(r, 20));
      child.kill(signal);
      const status = await exited;
      expect(out).toBe(''); // interrupted before the build was done
      expect(status, err).toBe(code);
      expect(err.trim().split('\n').at(-1)).toMatch(new RegExp(`^interrupted by ${signal} while synthesizing resnet50-v\\d+-default: stopped, nothing kept`));
      expect(readdirSync(synthetic)).toEqual([]);
    }, 180_000);
  }
});
