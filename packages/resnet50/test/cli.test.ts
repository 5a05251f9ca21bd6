import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRecordProblems, type RunRecord } from '@modelbench/core';
import { ortCpuBackend } from '@modelbench/backends';
import { classifierWithSignature } from './signature-models.ts';

const root = resolve(import.meta.dirname, '../../..');
const main = join(root, 'packages/resnet50/src/main.ts');
const tsx = join(root, 'node_modules/.bin/tsx');
const dir = mkdtempSync(join(tmpdir(), 'mb-r50-'));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(tsx, [main, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, MODELBENCH_CACHE_DIR: join(dir, 'cache'), MODELBENCH_PROGRESS: '0' }, timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const torchvisionPath = join(dir, 'torchvision.onnx');
const zooPath = join(dir, 'zoo.onnx');
writeFileSync(torchvisionPath, classifierWithSignature('x', 'y'));
writeFileSync(zooPath, classifierWithSignature('data', 'resnetv17_dense0_fwd'));

describe('resnet50 performance command line', () => {
  it('runs a torchvision-signature model: TARGET line, tables, operator table and a valid JSON record', () => {
    const json = join(dir, 'out', 'tv.json');
    const r = cli(['performance', '--model', torchvisionPath, '--batch', '2', '--iterations', '3', '--profiling', '--profile-dir', join(dir, 'prof'), '--json', json]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\[TARGET\] resnet50 Time \d+\.\d{6}$/m);
    expect(r.stdout).toMatch(/median\s+\d/);
    expect(r.stdout).toMatch(/operator\s+calls\s+total ms/);
    const record = JSON.parse(readFileSync(json, 'utf8')) as RunRecord;
    expect(runRecordProblems(record)).toEqual([]);
    expect(record.model).toMatchObject({ source: 'file', adapter: 'torchvision' });
    // a small stand-in model: never the reference ResNet50's 4.09 GMAC
    expect(record.model!.macsPerSample).not.toBe(4_089_184_256);
    expect(record.config).toMatchObject({ batch: 2, batchMode: 'tensor', iterations: 3 });
    expect(record.latency!.samples).toBe(3);
    const target = Number(/Time (\S+)/.exec(r.stdout)![1]);
    expect(target).toBeCloseTo(record.latency!.minMs / 1000, 6);
    expect(record.profile!.operators.map((o) => o.opType)).toContain('GlobalAveragePool');
  });

  it('runs the Zoo resnet50-v1-12 signature through its adapter, and bf16 says emulated', () => {
    const json = join(dir, 'zoo.json');
    const r = cli(['performance', '--model', zooPath, '--batch', '1', '--iterations', '2', '--bf16', '--no-calibration', '--json', json]);
    expect(r.status).toBe(0);
    const record = JSON.parse(readFileSync(json, 'utf8')) as RunRecord;
    expect(record.model!.adapter).toBe('zoo-resnet50');
    expect(record.backend!.precision).toBe('bf16');
    // the record, the table and the warning all say what the backend plans on this CPU
    const execution = ortCpuBackend.planPrecision('bf16').execution;
    expect(record.backend!.execution).toBe(execution);
    expect(r.stdout).toMatch(new RegExp(`precision bf16 ${execution}`));
    expect(/says nothing about bf16 speed/.test(r.stdout)).toBe(execution === 'emulated');
  });

  it('ort-wasm runs the same model', () => {
    const r = cli(['performance', '--model', torchvisionPath, '--backend', 'ort-wasm', '--batch', '1', '--iterations', '2', '--no-calibration']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/backend\s+ort-wasm \(onnxruntime-web/);
  });

  it('bad input exits 2 with one clear line', { timeout: 180_000 }, () => {
    const cases: [string[], RegExp][] = [
      [['performance', '--bogus'], /error \[USAGE\].*--bogus/],
      [['performance', '--batch', '0'], /--batch must be greater than zero/],
      [['performance', '--iterations', 'x'], /--iterations must be a number/],
      [['performance', '--backend', 'openblas'], /unknown backend 'openblas'[\s\S]*valid backends: ort-cpu, ort-wasm/],
      [['performance', '--model', join(dir, 'nope.onnx')], /model file not found/],
      [['performance', '--model', main], /is not an ONNX model/],
      [['performance', '--model', torchvisionPath, '--json', join(torchvisionPath, 'x.json')], /cannot write .*x\.json: (EEXIST|ENOTDIR|.*torchvision\.onnx is a file, not a folder)/],
      [['performance', '--model', torchvisionPath, '--profiling', '--profile-dir', join(torchvisionPath, 'profiles')], /cannot create the profile folder/],
      [['sprint'], /unknown mode 'sprint'/],
      [['validate', '--iterations', '3'], /error \[USAGE\]: resnet50 validate: Unknown option '--iterations'/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it('each mode lists its own flags; --version names the suite and onnxruntime', { timeout: 60_000 }, () => {
    const perf = cli(['performance', '--help']);
    expect(perf.status).toBe(0);
    expect(perf.stdout).toMatch(/^usage: resnet50 performance \[flags\]/);
    expect(perf.stdout).toMatch(/--iterations N/);
    expect(perf.stdout).not.toMatch(/--out-dir|--min-top1-agreement/);
    const val = cli(['validate', '--help']);
    expect(val.status).toBe(0);
    expect(val.stdout).toMatch(/^usage: resnet50 validate \[flags\]/);
    expect(val.stdout).toMatch(/--out-dir DIR .*\(default out\/validate\/resnet50\)/);
    expect(val.stdout).toMatch(/--min-top1-agreement FRACTION/);
    expect(val.stdout).not.toMatch(/--iterations|--warmup/);
    const version = cli(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout).toBe('modelbench 0.1.0\nonnxruntime-node 1.30.0\nonnxruntime-web 1.30.0\n');
  });

  it('a model with another signature lists the known ones', () => {
    const other = join(dir, 'other.onnx');
    writeFileSync(other, classifierWithSignature('x', 'y').slice(0)); // same file, forced through the wrong adapter
    const r = cli(['performance', '--model', other, '--adapter', 'zoo-resnet50']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/adapter 'zoo-resnet50' does not fit this model: no input named 'data'/);
  });
});
