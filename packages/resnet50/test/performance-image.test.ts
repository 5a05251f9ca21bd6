/** `performance --image PATH` feeds a real photo instead of random data. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '@modelbench/core';
import { SAMPLE_PHOTOS_DIR } from '@modelbench/vision';

const root = resolve(import.meta.dirname, '../../..');
const main = join(root, 'packages/resnet50/src/main.ts');
const tsx = join(root, 'node_modules/.bin/tsx');
const dir = mkdtempSync(join(tmpdir(), 'mb-r50-perf-image-'));
const photo = (name: string) => join(SAMPLE_PHOTOS_DIR, name);

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(tsx, [main, ...args], { cwd: root, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('resnet50 performance --image', () => {
  it('times a real photo instead of random data', { timeout: 120_000 }, () => {
    const json = join(dir, 'perf.json');
    const notes = join(dir, 'notes.jpg');
    writeFileSync(notes, 'not a photo');
    const r = cli(['performance', '--image', photo('grace_hopper.jpg'), '--batch', '2', '--iterations', '1', '--no-calibration', '--json', json]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\[TARGET\] resnet50 Time \d+\.\d{6}$/m);
    const record = JSON.parse(readFileSync(json, 'utf8')) as RunRecord;
    expect(record.config!.input).toBe('photo grace_hopper.jpg 517x606 (torchvision-imagenet) repeated, [2,3,224,224]');
    expect(record.timers['preprocess ms (one photo)']).toBeGreaterThan(0);
    const bad = cli(['performance', '--image', notes, '--batch', '1', '--iterations', '1', '--no-calibration']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/notes\.jpg: not an image/);
  });
});
