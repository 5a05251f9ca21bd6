/** Phase split of a Mask R-CNN trace: node-name prefixes, onnxruntime's fused names, warm-up runs dropped. */
import { describe, expect, it } from 'vitest';
import { phaseOfKernel, phaseTimes } from '../src/synthetic/maskrcnn/phase-times.ts';

const run = (ts: number, dur: number) => ({ cat: 'Session', name: 'model_run', ts, dur });
const kernel = (name: string, ts: number, dur: number) => ({ cat: 'Node', name: `${name}_kernel_time`, ts, dur });

describe('Mask R-CNN phase split', () => {
  it('reads the phase from node names, fused and NCHWc ones included', () => {
    expect(phaseOfKernel('backbone/conv_60_nchwc_kernel_time')).toBe('backbone');
    expect(phaseOfKernel('fused box_head/Gemm_node_kernel_time')).toBe('box_head');
    expect(phaseOfKernel('paste/MatMul_node_3_kernel_time')).toBe('paste');
    expect(phaseOfKernel('ReorderOutput_kernel_time')).toBe('other');
    expect(phaseOfKernel('something/else_kernel_time')).toBe('other');
  });

  it('sums kernel time per phase over the kept runs, in phase order', () => {
    const events = [
      run(0, 100), // warm-up, dropped
      kernel('backbone/conv', 10, 90_000),
      run(1000, 500),
      kernel('backbone/conv', 1010, 3000),
      kernel('rpn/Conv', 1100, 1000),
      kernel('paste/MatMul', 1200, 500),
      kernel('ReorderInput', 1300, 500),
      run(2000, 500),
      kernel('backbone/conv', 2010, 5000),
      kernel('paste/MatMul', 2200, 0),
      kernel('backbone/conv', 9000, 7777), // outside every run
    ];
    const split = phaseTimes(events, { skipRuns: 1 });
    expect(split.runs).toBe(2);
    expect(split.totalMsPerRun).toBeCloseTo(5, 9);
    expect(split.phases.map((p) => p.phase)).toEqual(['backbone', 'rpn', 'paste', 'other']);
    expect(split.phases[0]).toEqual({ phase: 'backbone', msPerRun: 4, percent: 80 });
    expect(split.phases[2]!.msPerRun).toBeCloseTo(0.25, 9);
  });
});
