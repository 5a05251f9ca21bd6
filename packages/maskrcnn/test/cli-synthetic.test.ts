/**
 * The real synthetic Mask R-CNN through the command line, once: `--detections 5` reaches the builder (its own cache
 * entry), every call returns exactly 5 instances, the record carries the MACs at the photo's padded size, and
 * --profiling prints the kernel time per phase. One build (seconds) and two inferences (seconds each).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, syntheticCache } from './cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-maskrcnn-synthetic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('maskrcnn performance on the synthetic model', () => {
  it('runs the demo photo with 5 calibrated detections and splits the time by phase', { timeout: 240_000 }, () => {
    const json = join(dir, 'record.json');
    const args = ['performance', '--detections', '5', '--batch', '1', '--warmup', '1', '--iterations', '1', '--no-calibration'];
    const r = cli([...args, '--profiling', '--profile-dir', join(dir, 'profiles'), '--json', json], syntheticCache());
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\[TARGET\] maskrcnn Time \d+\.\d+/m);
    expect(r.stdout).toMatch(/44\.40 M parameters/);
    for (const phase of ['backbone \\+ FPN', 'RPN \\+ proposal selection', 'box RoIAlign \\+ box head', 'mask RoIAlign \\+ mask head', 'paste masks into the image']) {
      expect(r.stdout).toMatch(new RegExp(`^${phase}[^\\n]*?\\s+\\d+\\.\\d\\s+\\d+\\.\\d$`, 'm'));
    }
    expect(r.stdout).toMatch(/post-processing \(detection NMS \+ mask paste\): \d+\.\d %/);
    const raw = JSON.parse(readFileSync(json, 'utf8'));
    const rec = Array.isArray(raw) ? raw[0] : raw;
    expect(rec.config.extra).toMatchObject({ detections: 5, detectionsPerImage: 5, graph: 'single onnx graph' });
    expect(rec.config.extra.macsAtInput).toMatchObject({ paddedHeight: 800, paddedWidth: 1088 });
    // 800×1088 costs more than the 800×800 figure the model states: 134.4 G fixed there, 0.53 G per detection
    expect(rec.config.extra.macsAtInput.total).toBeGreaterThan(134.4e9 + 5 * 0.53e9);
    expect(rec.model.parameters).toBe(44_401_393);
  });
});
