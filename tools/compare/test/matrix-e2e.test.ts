/**
 * End to end: the matrix command runs real cells as child processes of the workload's `performance` CLI (resnet50 on
 * ort-cpu, batch 1, one iteration), records a skipped cell, resumes without measuring again, writes the report; and a
 * workload whose CLI fails is recorded with the error record it wrote (its stderr is not read).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ortCpuBackend } from '@modelbench/backends';
import { BenchError, errorRecord, runRecordProblems, type RunRecord } from '@modelbench/core';
import { describe, expect, it } from 'vitest';
import { MATRIX_CALIBRATION_NOTE } from '../src/calibration.ts';

const CLI = join(__dirname, '..', 'src', 'cli.ts');
const REPO = join(__dirname, '..', '..', '..');

function matrix(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', CLI, 'matrix', ...args], { cwd: REPO, encoding: 'utf8', timeout: 240_000 });
}

const read = (path: string): RunRecord => {
  const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
  expect(runRecordProblems(value)).toEqual([]);
  return value as RunRecord;
};

describe('matrix end to end', () => {
  it('measures resnet50 on ort-cpu, records the bf16 cell it cannot honestly run, resumes and reports', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'matrix-')), 'run');
    const args = ['--workloads', 'resnet50', '--backends', 'ort-cpu', '--precisions', 'fp32,bf16', '--threads', '1', '--batch', '1', '--iterations', '1', '--out', out];
    const first = matrix(...args);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/\[1\/2\] resnet50 ort-cpu fp32 1t — ok: median [\d.]+ ms/);

    const fp32 = read(join(out, 'resnet50__ort-cpu__fp32__t1.json'));
    expect(fp32).toMatchObject({ status: 'ok', workload: 'resnet50', backend: { id: 'ort-cpu', precision: 'fp32' }, config: { batch: 1, iterations: 1, threads: 1 } });
    expect(fp32.latency!.medianMs).toBeGreaterThan(0);
    expect(fp32.config!.extra['matrixCell']).toEqual({ workload: 'resnet50', backend: 'ort-cpu', precision: 'fp32', threads: 1, batch: 1, iterations: 1 });
    // the matrix calibrated the GEMM peak itself (once for ort-cpu at 1 thread); the cell ran with --no-calibration
    expect(fp32.config!.extra['calibration']).toBe(MATRIX_CALIBRATION_NOTE);
    expect(fp32.calibratedPeakGflopsPerSecond!).toBeGreaterThan(0);
    expect(fp32.efficiency).toBeCloseTo(fp32.gflopsPerSecond! / fp32.calibratedPeakGflopsPerSecond!, 12);

    const bf16 = read(join(out, 'resnet50__ort-cpu__bf16__t1.json'));
    if (ortCpuBackend.planPrecision('bf16').execution === 'emulated') {
      expect(bf16).toMatchObject({ status: 'skipped', error: { code: 'EMULATED_ONLY' }, backend: { execution: 'emulated' } });
      expect(bf16.error!.message).toMatch(/--include-emulated/);
    } else {
      expect(bf16).toMatchObject({ status: 'ok', backend: { precision: 'bf16', execution: 'native' } });
    }
    expect(existsSync(join(out, 'matrix.json'))).toBe(true);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('winner **ort-cpu');
    expect(readFileSync(join(out, 'cells.csv'), 'utf8').trim().split('\r\n')).toHaveLength(3);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<canvas id="latency-0"');
    expect(first.stdout).toMatch(/resnet50 \(batch 1\): winner ort-cpu/);

    const again = matrix(...args);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('[1/2] resnet50 ort-cpu fp32 1t — already in the folder, kept');
    expect(read(join(out, 'resnet50__ort-cpu__fp32__t1.json')).startedAt).toBe(fp32.startedAt);

    const other = matrix(...args.slice(0, -4), '--iterations', '2', '--out', out);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/holds cells measured with .*--iterations 1.*asks for .*--iterations 2/);
  });

  it('records a failing cell as an error with the CLI\'s message and hint', () => {
    const root = mkdtempSync(join(tmpdir(), 'matrix-root-'));
    mkdirSync(join(root, 'packages', 'broken', 'src'), { recursive: true });
    const childError = errorRecord({ workload: 'broken', mode: 'performance', startedAt: new Date(), argv: ['node', 'broken/main.ts'] }, new BenchError('MODEL_INVALID', 'broken.onnx is not an ONNX model', { hint: 'pass --model PATH of an .onnx file' }));
    writeFileSync(
      join(root, 'packages', 'broken', 'src', 'main.ts'),
      [
        "import { writeFileSync } from 'node:fs';",
        "writeFileSync(new URL('./argv.json', import.meta.url), JSON.stringify(process.argv.slice(2)));",
        // as a real workload does (harness workload-main.ts): the error record at --json, one line on stderr
        "const json = process.argv[process.argv.indexOf('--json') + 1];",
        `writeFileSync(json, ${JSON.stringify(JSON.stringify(childError))});`,
        "process.stderr.write('error [SOMETHING_ELSE]: stderr is not read\\n');",
        'process.exitCode = 2;',
      ].join('\n'),
    );
    const out = join(root, 'out');
    const run = matrix('--root', root, '--backends', 'ort-cpu', '--precisions', 'fp32', '--threads', '1', '--out', out, '--no-report');
    expect(run.status).toBe(1); // a failed cell fails the matrix
    expect(run.stderr).toContain('[1/1] broken ort-cpu fp32 1t — error [MODEL_INVALID]: broken.onnx is not an ONNX model');
    const record = read(join(out, 'broken__ort-cpu__fp32__t1.json'));
    expect(record).toMatchObject({ status: 'error', workload: 'broken', error: { code: 'MODEL_INVALID', message: 'broken.onnx is not an ONNX model', hint: 'pass --model PATH of an .onnx file' } });
    // the child's own error record, given the cell's identity
    expect(record).toMatchObject({ environment: { software: { argv: ['node', 'broken/main.ts'] } }, config: { extra: { matrixCell: { workload: 'broken', backend: 'ort-cpu', threads: 1 } } } });
    const argv = JSON.parse(readFileSync(join(root, 'packages', 'broken', 'src', 'argv.json'), 'utf8')) as string[];
    // the matrix calibrates the GEMM peak itself, so the cell skips its own
    expect(argv).toEqual(['performance', '--backend', 'ort-cpu', '--threads', '1', '--no-calibration', '--json', join(out, '.broken__ort-cpu__fp32__t1.running.json'), '--quiet']);
    expect(existsSync(join(out, 'report.md'))).toBe(false);
  });
});
