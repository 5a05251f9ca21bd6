/**
 * `ssd performance` on the synthetic SSD300-VGG16 (built into the test run's private cache, shared with accuracy-cli): the TARGET line, the calibrated
 * candidate count and detections in the record, and the stage split of a profiled call.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '@modelbench/core';
import { cli, syntheticCache } from './cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-ssd-syn-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ssd performance on the synthetic model', { timeout: 240_000 }, () => {
  it('prints the TARGET line, records 1,000 candidates and ≤ 200 detections, splits the profile by stage', () => {
    const json = join(dir, 'syn.json');
    const r = cli(['performance', '--batch', '1', '--iterations', '1', '--no-calibration', '--profiling', '--profile-dir', join(dir, 'prof'), '--json', json], syntheticCache());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\[TARGET\] ssd Time \d+\.\d{6}$/m);
    expect(r.stdout).toMatch(/35\.64 M parameters, 34\.86 GMAC\/sample/);
    const record = JSON.parse(readFileSync(json, 'utf8')) as RunRecord;
    expect(record.model).toMatchObject({ source: 'synthetic', adapter: 'torchvision', parameters: 35_641_826, macsPerSample: 34_858_153_472 });
    const extra = record.config!.extra as { candidatesPerImage: number; detectionsPerImage: number };
    expect(extra.candidatesPerImage).toBe(1000);
    expect(extra.detectionsPerImage).toBeGreaterThan(0);
    expect(extra.detectionsPerImage).toBeLessThanOrEqual(200);
    const stage = (name: string): number => Number(new RegExp(`^${name}\\s+[\\d.]+\\s+([\\d.]+)$`, 'm').exec(r.stdout)?.[1]);
    expect(r.stdout).toMatch(/stages \(mean of 1 profiled calls/);
    expect(stage('backbone')).toBeGreaterThan(50);
    expect(stage('postprocess')).toBeLessThanOrEqual(10);
  });
});
