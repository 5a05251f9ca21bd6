import { describe, expect, it } from 'vitest';
import { parseTraceText, summarizeTrace, type TraceEvent } from '../src/profile.ts';

const run = (ts: number, dur: number): TraceEvent => ({ cat: 'Session', name: 'model_run', ph: 'X', ts, dur });
const kernel = (op: string, ts: number, dur: number): TraceEvent => ({ cat: 'Node', name: `${op}_node_kernel_time`, ph: 'X', ts, dur, args: { op_name: op } });

const trace: TraceEvent[] = [
  { cat: 'Session', name: 'session_initialization', ts: 0, dur: 500 },
  run(1000, 100), // warm-up
  kernel('Conv', 1010, 80),
  kernel('Relu', 1090, 5),
  run(2000, 100),
  kernel('Conv', 2010, 60),
  { cat: 'Node', name: 'Conv_node_fence_before', ts: 2009, dur: 0, args: { op_name: 'Conv' } },
  kernel('Relu', 2070, 10),
  kernel('Conv', 2080, 20),
  run(3000, 50),
  kernel('Conv', 3010, 30),
  kernel('Relu', 3040, 10),
];

describe('profile summary', () => {
  it('drops warm-up runs and aggregates kernel time by operator type', () => {
    const s = summarizeTrace(trace, { skipRuns: 1 });
    expect(s.runs).toBe(2);
    expect(s.droppedRuns).toBe(1);
    expect(s.modelRunMeanMs).toBeCloseTo(0.075, 12);
    expect(s.totalKernelMs).toBeCloseTo(0.13, 12);
    expect(s.operators).toEqual([
      { opType: 'Conv', calls: 3, totalMs: 0.11, meanMs: 0.11 / 3, percent: (110 / 130) * 100 },
      { opType: 'Relu', calls: 2, totalMs: 0.02, meanMs: 0.01, percent: (20 / 130) * 100 },
    ]);
  });

  it('keeps everything when no run is skipped', () => {
    const s = summarizeTrace(trace);
    expect(s.operators[0]).toMatchObject({ opType: 'Conv', calls: 4 });
  });

  it('parses a JSON array file and onnxruntime-web console lines', () => {
    expect(parseTraceText(JSON.stringify(trace))).toHaveLength(trace.length);
    const lines = ['[', ...trace.map((e) => JSON.stringify(e) + ','), ']'].join('\n');
    expect(parseTraceText(lines)).toHaveLength(trace.length);
    expect(parseTraceText('garbage\n{not json}\n')).toEqual([]);
  });
});
