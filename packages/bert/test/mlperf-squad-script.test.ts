/**
 * An accuracy run's mlperf_log_accuracy.json in the reference's feature layout (qsl_idx and token counts of the
 * reference script's features, fixtures/mlperf-reference-features.json), and, where MLPerf's
 * language/bert/accuracy-squad.py can run (MLPERF_INFERENCE_DIR a mlcommons/inference checkout; python3 with numpy,
 * six and transformers, and the DeepLearningExamples tokenization module the script imports), the script reading
 * that log must print the EM/F1 the suite printed with --mlperf-answers. A tiny export (start logit sin(id), end
 * logit cos(id)) keeps it in-process and fast.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runWorkloadCommand } from '@modelbench/harness';
import { GraphBuilder } from '@modelbench/onnx';
import { bertWorkload } from '../src/workload.ts';
import { SQUAD_SAMPLE, VOCAB_TXT } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'mb-bert-mlperf-'));
const script = process.env.MLPERF_INFERENCE_DIR ? join(process.env.MLPERF_INFERENCE_DIR, 'language/bert/accuracy-squad.py') : undefined;
const canRunScript = script !== undefined && existsSync(script) && spawnSync('python3', ['-c', 'import numpy, six, transformers'], { encoding: 'utf8' }).status === 0;
const reference = JSON.parse(readFileSync(new URL('./fixtures/mlperf-reference-features.json', import.meta.url), 'utf8')) as { selected: { qsl_idx: number; input_ids: number[] }[] };

function waveModel(): string {
  const g = new GraphBuilder('wave-qa');
  g.input('input_ids', 'INT64', ['N', 'S']);
  g.input('attention_mask', 'INT64', ['N', 'S']);
  const ids = g.op('Cast', ['input_ids'], { to: { kind: 'int', value: 1 } });
  const mask = g.op('Cast', ['attention_mask'], { to: { kind: 'int', value: 1 } });
  g.op('Mul', [g.op('Sin', [ids]), mask], {}, 'start_logits');
  g.op('Mul', [g.op('Cos', [ids]), mask], {}, 'end_logits');
  g.output('start_logits', 'FLOAT', ['N', 'S']);
  g.output('end_logits', 'FLOAT', ['N', 'S']);
  const path = join(dir, 'wave-qa.onnx');
  writeFileSync(path, g.toBytes());
  return path;
}

describe("bert's MLPerf accuracy log read by accuracy-squad.py", () => {
  it(`logs the reference's features; ${canRunScript ? 'accuracy-squad.py prints the suite’s --mlperf-answers EM/F1' : 'accuracy-squad.py not run (set MLPERF_INFERENCE_DIR; python3 with numpy, six, transformers)'}`, { timeout: 120_000 }, async () => {
    const out = join(dir, 'out');
    vi.stubEnv('MODELBENCH_PROGRESS', '0');
    let printed = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((printed += String(chunk)), true));
    let code: number;
    try {
      // questions 0..27: 28 of them, 25–27 two features each → 31 features, qsl_idx 0..30
      code = await runWorkloadCommand(bertWorkload, ['accuracy', '--model', waveModel(), '--dataset', SQUAD_SAMPLE, '--limit', '28', '--mlperf-answers', '--out-dir', out]);
    } finally {
      write.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(code).toBe(0);
    const log = join(out, 'fp32', 'mlperf_log_accuracy.json');
    const entries = JSON.parse(readFileSync(log, 'utf8')) as { qsl_idx: number; data: string }[];
    expect(entries.map((e) => e.qsl_idx)).toEqual(Array.from({ length: 31 }, (_, i) => i));
    // each response: 8 bytes (two float32) per token of the reference's feature
    for (const f of reference.selected.filter((s) => s.qsl_idx <= 30)) expect(entries[f.qsl_idx]!.data.length / 16).toBe(f.input_ids.length);
    const em = Number(/^exact_match\s+([\d.]+)/m.exec(printed)?.[1]);
    const f1 = Number(/^f1\s+([\d.]+)/m.exec(printed)?.[1]);
    expect(Number.isFinite(f1)).toBe(true);
    if (!canRunScript) return;
    const r = spawnSync('python3', [script!, '--log_file', log, '--val_data', SQUAD_SAMPLE, '--vocab_file', VOCAB_TXT, '--output_dtype', 'float32', '--features_cache_file', join(dir, 'features.pickle'), '--out_file', join(dir, 'predictions.json'), '--max_examples', '28'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const score = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { exact_match: number; f1: number };
    expect(score.exact_match).toBeCloseTo(em, 3);
    expect(score.f1).toBeCloseTo(f1, 3);
  });
});
