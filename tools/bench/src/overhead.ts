/**
 * `npx nx run bench:overhead [--iterations N] [--batches 1,32]`: ResNet50 on ort-cpu at batch 1 and 32 — median,
 * p99, GFLOP/s, efficiency against the calibrated GEMM peak, and the harness overhead measured two ways (wall time
 * minus onnxruntime's own model_run from the profile; the null backend's time per batch). A benchmark, not a test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BenchError, parseCommandLine, runMain, type RunRecord } from '@modelbench/core';
import { overheadRow, renderOverheadTable } from './overhead-table.ts';

const root = resolve(import.meta.dirname, '../../..');

function runResnet50(args: string[], json: string): RunRecord {
  const r = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'packages/resnet50/src/main.ts'), 'performance', ...args, '--json', json, '--quiet'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new BenchError('INFERENCE_FAILED', `resnet50 performance ${args.join(' ')} exited with ${r.status}`);
  return JSON.parse(readFileSync(json, 'utf8')) as RunRecord;
}

async function main(): Promise<number> {
  const { flags } = parseCommandLine(
    process.argv.slice(2),
    {
      iterations: { kind: 'positiveInt', default: 20, description: 'timed runs per configuration' },
      batches: { kind: 'strings', default: ['1', '32'], description: 'batch sizes' },
      threads: { kind: 'positiveInt', description: 'intra-op threads' },
    },
    'bench overhead',
  );
  const dir = mkdtempSync(join(tmpdir(), 'mb-overhead-'));
  const rows = [];
  for (const b of flags.batches) {
    const common = ['--batch', b, '--iterations', String(flags.iterations), '--warmup', '2', ...(flags.threads ? ['--threads', String(flags.threads)] : [])];
    const profiled = runResnet50([...common, '--profiling', '--profile-dir', join(dir, 'profiles')], join(dir, `cpu-${b}.json`));
    const nullRun = runResnet50([...common, '--backend', 'null'], join(dir, `null-${b}.json`));
    rows.push(overheadRow(profiled, nullRun));
  }
  process.stdout.write(`\nResNet50 (synthetic, torchvision architecture) on ort-cpu, records in ${dir}\n\n${renderOverheadTable(rows)}\n`);
  return 0;
}

void runMain(main);
