/**
 * ResNet50's MLPerf accuracy log: the encoder's bytes worked by hand, and an accuracy run's mlperf_log_accuracy.json
 * read by MLPerf's own tools/accuracy-imagenet.py (when python3 with numpy and a checkout of mlcommons/inference,
 * MLPERF_INFERENCE_DIR, are present; skipped otherwise), which must print the suite's own top-1.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runWorkloadCommand } from '@modelbench/harness';
import { GraphBuilder } from '@modelbench/onnx';
import { resnet50MlperfAccuracy } from '../src/mlperf-accuracy.ts';
import { resnet50Workload } from '../src/workload.ts';

const root = resolve(import.meta.dirname, '../../..');
const photos = join(root, '../shared/data/images');
const dir = mkdtempSync(join(tmpdir(), 'mb-r50-mlperf-'));
const FILES = ['chelsea.png', 'coffee.png', 'dog.jpg', 'grace_hopper.jpg'];

const script = process.env.MLPERF_INFERENCE_DIR ? join(process.env.MLPERF_INFERENCE_DIR, 'vision/classification_and_detection/tools/accuracy-imagenet.py') : undefined;
const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
const canRunScript = script !== undefined && existsSync(script) && numpy;

/** [N,3,224,224] → [N,1000] logits that ignore the image: bias 5 on class 999, 4 on 998 (top-1 is 999 for every image). */
function biasModel(): string {
  const g = new GraphBuilder('bias');
  g.input('image', 'FLOAT', ['N', 3, 224, 224]);
  const flat = g.op('Flatten', [g.op('GlobalAveragePool', ['image'])], { axis: { kind: 'int', value: 1 } });
  const zeros = g.op('MatMul', [g.op('Mul', [flat, g.constFloat('zero', [0])]), g.initializer('w', 'FLOAT', [3, 1000], new Float32Array(3000))]);
  g.op('Add', [zeros, g.constFloat('b', Array.from({ length: 1000 }, (_, i) => (i === 999 ? 5 : i === 998 ? 4 : 0)))], {}, 'logits');
  g.output('logits', 'FLOAT', ['N', 1000]);
  const path = join(dir, 'bias.onnx');
  writeFileSync(path, g.toBytes());
  return path;
}

describe('resnet50 MLPerf accuracy log', () => {
  it("one float32 a response, the predicted class: 999 is 0x4479C000, little-endian '00C07944'", () => {
    const [bytes] = resnet50MlperfAccuracy.encode(null as never, null as never, { file: 'a.jpg', topk: [999, 998], logits: [5, 4] }, 0);
    expect(Buffer.from(bytes!).toString('hex').toUpperCase()).toBe('00C07944');
  });

  it(`an accuracy run writes MLPerf's three files; ${canRunScript ? "accuracy-imagenet.py prints the suite's top-1" : 'accuracy-imagenet.py not run (set MLPERF_INFERENCE_DIR to a mlcommons/inference checkout, with python3 and numpy)'}`, { timeout: 120_000 }, async () => {
    const ds = join(dir, 'ds');
    mkdirSync(ds);
    FILES.forEach((f) => copyFileSync(join(photos, f), join(ds, f)));
    // labels 999 hit, 997 miss, 0 miss, 999 hit: top-1 2 of 4
    writeFileSync(join(ds, 'val_map.txt'), FILES.map((f, i) => `${f} ${[999, 997, 0, 999][i]}\n`).join(''));
    const out = join(dir, 'out');
    vi.stubEnv('MODELBENCH_PROGRESS', '0');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let code: number;
    try {
      code = await runWorkloadCommand(resnet50Workload, ['accuracy', '--dataset', ds, '--model', biasModel(), '--out-dir', out]);
    } finally {
      write.mockRestore();
    }
    expect(code).toBe(0);
    const log = join(out, 'fp32', 'mlperf_log_accuracy.json');
    const expected = '[' + FILES.map((_, i) => `\n{ "seq_id" : ${i}, "qsl_idx" : ${i}, "data" : "00C07944" }`).join(',') + '\n]\n';
    expect(readFileSync(log, 'utf8')).toBe(expected);
    expect(readFileSync(join(out, 'fp32', 'mlperf_log_summary.txt'), 'utf8')).toBe('\nNo warnings encountered during test.\n\nNo errors encountered during test.\n');
    const detail = readFileSync(join(out, 'fp32', 'mlperf_log_detail.txt'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l.replace(/^:::MLLOG /, '')) as { key: string; value: unknown });
    expect(detail.find((e) => e.key === 'effective_test_mode')?.value).toBe('AccuracyOnly');
    if (!canRunScript) return;
    const r = spawnSync('python3', [script!, '--mlperf-accuracy-file', log, '--imagenet-val-file', join(ds, 'val_map.txt'), '--dtype', 'float32'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('accuracy=50.000%, good=2, total=4\n');
  });
});
