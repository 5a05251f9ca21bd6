/**
 * Issue 21 #7: Ctrl-C / SIGTERM during `accuracy` says in one line how many samples are kept, where, and how to
 * resume, and exits 130 / 143 — and a second run of the same command does resume from them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '@modelbench/onnx';
import { accuracyInterruptLine, guardAccuracyInterrupt } from '../src/modes/accuracy-interrupt.ts';

const repo = resolve(import.meta.dirname, '../../..');

describe('the interrupt line', () => {
  it('names what is kept, where, and how to resume', () => {
    expect(accuracyInterruptLine('SIGINT', { kept: 37, total: 100, outDir: 'out/accuracy/resnet50', sides: ['fp32', 'bf16-emulated'] })).toBe(
      'interrupted by SIGINT: 37 of 100 samples are kept in out/accuracy/resnet50 (fp32/, bf16-emulated/); run the same command again to resume from there (--fresh starts over)',
    );
  });

  it('the guard answers SIGINT with 130 and SIGTERM with 143, and is removed again', () => {
    const said: string[] = [];
    const codes: number[] = [];
    const before = process.listenerCount('SIGINT');
    const release = guardAccuracyInterrupt(() => ({ kept: 2, total: 5, outDir: 'o', sides: ['fp32'] }), { say: (l) => said.push(l), exit: (c) => codes.push(c) });
    process.emit('SIGINT');
    process.emit('SIGTERM');
    release();
    expect(codes).toEqual([130, 143]);
    expect(said[1]).toMatch(/^interrupted by SIGTERM: 2 of 5 samples are kept in o \(fp32\/\)/);
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});

describe('resnet50 accuracy interrupted and resumed (child process)', () => {
  it('SIGINT mid-run: exit 130 with the line; the same command again reuses what was kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-accuracy-interrupt-'));
    const data = join(dir, 'imagenet');
    mkdirSync(data);
    const photo = join(repo, 'packages/vision/fixtures/images/dog.jpg');
    const names = Array.from({ length: 60 }, (_, i) => `dog${i}.jpg`);
    for (const n of names) copyFileSync(photo, join(data, n));
    writeFileSync(join(data, 'val_map.txt'), names.map((n) => `${n} 1\n`).join(''));
    const g = new GraphBuilder('tiny');
    g.input('image', 'FLOAT', ['N', 3, 224, 224]);
    const flat = g.op('Flatten', [g.op('GlobalAveragePool', ['image'])], { axis: { kind: 'int', value: 1 } });
    g.op('MatMul', [flat, g.initializer('w', 'FLOAT', [3, 1000], new Float32Array(3000).fill(0.001))], {}, 'logits');
    g.output('logits', 'FLOAT', ['N', 1000]);
    const model = join(dir, 'tiny.onnx');
    writeFileSync(model, g.toBytes());
    const out = join(dir, 'out');
    const args = ['--import', 'tsx', join(repo, 'packages/resnet50/src/main.ts'), 'accuracy', '--model', model, '--dataset', data, '--out-dir', out, '--threads', '1'];
    const env = { ...process.env, MODELBENCH_PROGRESS: '0' };

    const child = spawn(process.execPath, args, { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    const keptLines = (): number => {
      const side = join(out, 'fp32');
      if (!existsSync(side)) return 0;
      return readdirSync(side).filter((f) => f !== 'manifest.json').reduce((n, f) => n + readFileSync(join(side, f), 'utf8').split('\n').filter(Boolean).length, 0);
    };
    while (keptLines() === 0) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    expect(await exited, err).toBe(130);
    const line = err.trim().split('\n').at(-1)!;
    const m = new RegExp(`^interrupted by SIGINT: (\\d+) of 60 samples are kept in ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(fp32/, fp32-repeat/\\); run the same command again to resume from there \\(--fresh starts over\\)$`).exec(line);
    expect(m, err).not.toBeNull();
    const kept = Number(m![1]);
    expect(kept).toBeLessThan(60);

    const again = spawnSync(process.execPath, args, { cwd: repo, env, encoding: 'utf8', timeout: 240_000 });
    expect(again.status, again.stderr).toBe(0);
    if (kept > 0) expect(again.stdout).toContain(`(${kept} done by an earlier run, reused)`);
  }, 300_000);
});
