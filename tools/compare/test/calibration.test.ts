import { describe, expect, it } from 'vitest';
import { MATRIX_CALIBRATION_NOTE, onceEach, withMatrixPeak } from '../src/calibration.ts';
import { cellArguments } from '../src/run-cell.ts';
import { makeRecord } from './records.ts';

describe('GEMM peak once per matrix run per backend and thread count', () => {
  it('calibrates each (backend, threads) once, and remembers a failure as no peak', async () => {
    const calls: string[] = [];
    const calibrate = onceEach(async (b, t) => {
      calls.push(`${b}/${t}`);
      if (b === 'ort-wasm') throw new Error('no wasm here');
      return 100 * t;
    });
    expect(await calibrate('ort-cpu', 1)).toBe(100);
    expect(await calibrate('ort-cpu', 2)).toBe(200);
    expect(await calibrate('ort-cpu', 1)).toBe(100);
    expect(await calibrate('ort-wasm', 1)).toBeNull();
    expect(await calibrate('ort-wasm', 1)).toBeNull();
    expect(calls).toEqual(['ort-cpu/1', 'ort-cpu/2', 'ort-wasm/1']);
  });

  it('efficiency is the cell\'s achieved GFLOP/s over the shared peak', () => {
    const r = makeRecord({});
    const out = withMatrixPeak({ ...r, gflopsPerSecond: 80 }, 400);
    expect(out).toMatchObject({ calibratedPeakGflopsPerSecond: 400, efficiency: 0.2 });
    expect(out.config!.extra['calibration']).toBe(MATRIX_CALIBRATION_NOTE);
    expect(withMatrixPeak({ ...r, gflopsPerSecond: 80 }, null)).toMatchObject({ calibratedPeakGflopsPerSecond: null, efficiency: null });
  });

  it('the cells skip their own calibration then', () => {
    const args = cellArguments({ spec: { workload: 'resnet50', backend: 'ort-cpu', precision: 'fp32', threads: 1 }, batch: null, iterations: null, warmup: null, profileDir: null, recordPath: '/r/x.json', matrixCalibration: true });
    expect(args).toEqual(['--backend', 'ort-cpu', '--threads', '1', '--no-calibration', '--json', '/r/x.json', '--quiet']);
  });
});
