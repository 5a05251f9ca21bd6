/**
 * SSD's MLPerf accuracy log: the COCO 7-tuples worked by hand, and an accuracy run's mlperf_log_accuracy.json read by
 * MLPerf's tools/accuracy-coco.py (when MLPERF_INFERENCE_DIR names a mlcommons/inference checkout and python3 has
 * numpy and pycocotools; skipped otherwise), whose mAP must be the suite's bbox AP.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cocoMlperfResponse } from '@modelbench/harness';
import { cli } from './cli.ts';
import { writeCocoSet } from './accuracy-set.ts';
import { torchvisionDetector } from './signature-models.ts';

const script = process.env.MLPERF_INFERENCE_DIR ? join(process.env.MLPERF_INFERENCE_DIR, 'vision/classification_and_detection/tools/accuracy-coco.py') : undefined;
const python = spawnSync('python3', ['-c', 'import numpy, pycocotools.coco'], { encoding: 'utf8' }).status === 0;
const canRunScript = script !== undefined && existsSync(script) && python;
const dir = mkdtempSync(join(tmpdir(), 'mb-ssd-mlperf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SSD MLPerf accuracy log', () => {
  it('a detection is float32 [qsl_idx, ymin, xmin, ymax, xmax, score, category], the box over the image size', () => {
    // a 100 × 200 (w × h) image, box x 10 y 20 w 30 h 40: ymin 20/200, xmin 10/100, ymax 60/200, xmax 40/100
    const bytes = cocoMlperfResponse({ image_id: 5, results: [{ image_id: 5, category_id: 18, bbox: [10, 20, 30, 40], score: 0.5 }] }, 2, { width: 100, height: 200 });
    expect(Array.from(new Float32Array(bytes.buffer))).toEqual([2, 0.1, 0.1, 0.3, 0.4, 0.5, 18].map(Math.fround));
    expect(cocoMlperfResponse({ image_id: 5, results: [] }, 2, { width: 1, height: 1 })).toHaveLength(0);
  });

  it.runIf(canRunScript)("MLPerf's accuracy-coco.py on an accuracy run's log prints the suite's bbox AP", { timeout: 240_000 }, async () => {
    const data = join(dir, 'coco');
    await writeCocoSet(data);
    const model = join(dir, 'tv.onnx');
    writeFileSync(model, torchvisionDetector());
    const out = join(dir, 'out');
    const run = cli(['accuracy', '--model', model, '--dataset', data, '--out-dir', out], join(dir, 'cache'));
    expect(run.status).toBe(0);
    const ap = /^bbox AP\s+(\d+\.\d+)/m.exec(run.stdout)![1];
    const r = spawnSync('python3', [script!, '--mlperf-accuracy-file', join(out, 'fp32', 'mlperf_log_accuracy.json'), '--coco-dir', data, '--output-file', join(dir, 'coco-results.json')], { encoding: 'utf8', cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^mAP=${ap!.replace('.', '\\.')}%$`, 'm'));
  });
});
