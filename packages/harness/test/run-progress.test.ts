import { describe, expect, it } from 'vitest';
import { createProgress, timeLoop, type Progress } from '@modelbench/core';
import { budgetedCount, downloadSink, endRunProgress, plainLoopBounds, runProgress, timingObserver } from '../src/run-progress.ts';
import { plainLoopPlan } from '../src/loop-budget.ts';
import { timeLoopToRme } from '../src/modes/scenario-plain-rme.ts';

/** A Progress that records what it was told, as `phase NAME N` / `tick I` / `note LINE` / `done`. */
function recorder(): Progress & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    phase: (name, total) => void calls.push(`phase ${name}${total === undefined ? '' : ` ${total}`}`),
    tick: (done) => void calls.push(`tick ${done}`),
    retotal: (total) => void calls.push(`total ${total}`),
    note: (line) => void calls.push(`note ${line}`),
    done: () => void calls.push('done'),
  };
}

function fakeStream(tty: boolean): NodeJS.WriteStream & { chunks: string[] } {
  const chunks: string[] = [];
  return { isTTY: tty, columns: 200, chunks, write: (s: string) => chunks.push(s) > 0 } as unknown as NodeJS.WriteStream & { chunks: string[] };
}

describe('the timing loop as phases', () => {
  it('names warm-up and timed iterations with their counts (performance defaults: 10 timed)', () => {
    const p = recorder();
    const observe = timingObserver(p, plainLoopBounds({ warmupCalls: 1, warmupMs: 0 }));
    observe('warm-up', 0);
    observe('warm-up', 1);
    observe('timed', 0);
    observe('timed', 1);
    expect(p.calls).toEqual(['phase warm-up 1', 'tick 1', 'phase timed iterations 10', 'tick 1']);
  });

  it('has no count where the loop is open: a warm-up time floor, a time budget, a target RME without --iterations', () => {
    const p = recorder();
    timingObserver(p, plainLoopBounds({ warmupCalls: 1, warmupMs: 500, timeBudgetS: 30 }))('warm-up', 0);
    timingObserver(p, plainLoopBounds({ warmupCalls: 1, warmupMs: 0, timeBudgetS: 30 }))('timed', 0);
    timingObserver(p, plainLoopBounds({ warmupCalls: 1, warmupMs: 0, targetRmePercent: 2 }))('timed', 0);
    timingObserver(p, plainLoopBounds({ warmupCalls: 1, warmupMs: 0, targetRmePercent: 2, iterations: 50 }))('timed', 0);
    timingObserver(p, plainLoopBounds({ warmupCalls: 1, warmupMs: 0, timeBudgetS: 30, iterations: 7 }))('timed', 0);
    expect(p.calls).toEqual([
      'phase warm-up',
      'phase timed iterations (time budget 30 s)',
      'phase timed iterations (until RME ≤ 2 %)',
      'phase timed iterations (until RME ≤ 2 %) 50',
      'phase timed iterations 7',
    ]);
  });

  it('under the plain loop\'s time budget the count is what the budget allows at the pace so far, not the cap', () => {
    // maskrcnn's default plan: 40 s, at least 3, at most 10. Busy: the first batch took 39 s → ceil(40/39) = 2 → the
    // minimum, 3; the third ends at 117 s ≥ 40 s → 3 in all. No count before the first batch.
    let nowMs = 0;
    const p = recorder();
    const observe = timingObserver(p, plainLoopPlan('maskrcnn', { warmupCalls: 1, warmupMs: 0 }), () => nowMs);
    observe('timed', 0);
    for (const [t, done] of [[39_000, 1], [78_000, 2], [117_000, 3]] as const) {
      nowMs = t;
      observe('timed', done);
    }
    expect(p.calls).toEqual(['phase timed iterations (until RME ≤ 2 % or 40 s, at least 3, at most 10)', 'total 3', 'tick 1', 'total 3', 'tick 2', 'total 3', 'tick 3']);
    // quiet resnet50 (20 s): 0.73 s a batch → ceil(20/0.73) = 28 → the cap, 10; busy ssd (20 s): 5.3 s → ceil(3.77) = 4
    expect(budgetedCount({ min: 3, cap: 10, budgetMs: 20_000 }, 1, 730)).toBe(10);
    expect(budgetedCount({ min: 3, cap: 10, budgetMs: 20_000 }, 1, 5_300)).toBe(4);
    // the budget reached after the minimum: what ran is the count; no cap and no time yet: no count
    expect(budgetedCount({ min: 3, cap: 10, budgetMs: 20_000 }, 5, 21_000)).toBe(5);
    expect(budgetedCount({ min: 3, cap: undefined, budgetMs: 20_000 }, 1, 0)).toBeUndefined();
    // --iterations N keeps its own count (no budget in the plan)
    const q = recorder();
    timingObserver(q, plainLoopPlan('maskrcnn', { warmupCalls: 1, warmupMs: 0, iterations: 4 }), () => 0)('timed', 0);
    expect(q.calls).toEqual(['phase timed iterations 4']);
  });

  it('a new total keeps the phase clock: the ETA is the budget\'s (createProgress with a fake clock)', () => {
    let nowMs = 0;
    const stream = fakeStream(true);
    const p = createProgress({ quiet: false, label: 'maskrcnn performance', stream, now: () => nowMs });
    p.phase('timed iterations');
    nowMs = 39_000;
    p.retotal?.(3);
    p.tick(1);
    p.done();
    // 39 s for 1 of 3 → 2 × 39 s = 1:18 left
    expect(stream.chunks.join('')).toContain('[maskrcnn performance] timed iterations 1 of 3 · elapsed 0:39 · ETA 1:18');
  });

  it('the --target-rme loop tells the observer the same stages as timeLoop, after each call returns', async () => {
    const plan = { warmupIterations: 2, warmupMs: 0, iterations: 3, timeBudgetMs: undefined, minIterations: 1 };
    const viaLoop: string[] = [];
    await timeLoop(plan, async () => undefined, undefined, (stage, done) => void viaLoop.push(`${stage} ${done}`));
    const viaRme: string[] = [];
    let inCall = false;
    const run = async () => {
      inCall = true;
      await Promise.resolve();
      inCall = false;
    };
    const observe = (stage: 'warm-up' | 'timed', done: number) => {
      expect(inCall).toBe(false);
      viaRme.push(`${stage} ${done}`);
    };
    await timeLoopToRme({ warmupIterations: 2, warmupMs: 0, targetPercent: 0.000001, minIterations: 1, maxIterations: 3, budgetMs: 60_000 }, run, undefined, observe);
    expect(viaRme).toEqual(['warm-up 0', 'warm-up 1', 'warm-up 2', 'timed 0', 'timed 1', 'timed 2', 'timed 3']);
    expect(viaRme).toEqual(viaLoop);
  });
});

describe('a download as the phase', () => {
  it('counts the megabytes still to fetch (a resumed download says so)', () => {
    const p = recorder();
    const sink = downloadSink(p);
    sink.start({ label: 'resnet50-v1-12.onnx', totalBytes: 25_000_000, resumedFromBytes: 5_000_000 });
    sink.advance(1_500_000);
    sink.advance(1_000_000);
    sink.end(true);
    sink.start({ label: 'vocab.txt', totalBytes: undefined, resumedFromBytes: 0 });
    expect(p.calls).toEqual(['phase downloading resnet50-v1-12.onnx (MB, resumed after 5 MB) 20', 'tick 1', 'tick 2', 'phase downloading vocab.txt (MB)']);
  });
});

describe('runProgress', () => {
  it('labels its lines with workload and mode; a log gets the first phase at once as a plain line', () => {
    const s = fakeStream(false);
    const p = runProgress('resnet50', 'performance', false, s);
    p.phase('resolving model');
    p.phase('loading session'); // within 10 s of the first line: not printed
    endRunProgress();
    expect(s.chunks).toEqual(['[resnet50 performance] resolving model · elapsed 0:00\n']);
  });

  it('--quiet: no phase at all, but a note is still a plain line', () => {
    const s = fakeStream(true);
    const p = runProgress('ssd', 'validate', true, s);
    p.phase('resolving model');
    p.tick(1);
    p.note('synthetic model ssd-v3-default: cached bytes do not match their sha256; rebuilding');
    p.done();
    expect(s.chunks).toEqual(['synthetic model ssd-v3-default: cached bytes do not match their sha256; rebuilding\n']);
  });

  it('MODELBENCH_PROGRESS=0: no phase either (a script that wants a clean stderr without --quiet)', () => {
    const s = fakeStream(false);
    const p = runProgress('ssd', 'performance', false, s, { MODELBENCH_PROGRESS: '0' });
    p.phase('resolving model');
    p.note('a note');
    expect(s.chunks).toEqual(['a note\n']);
  });

  it('endRunProgress clears a live line left by a run that failed, once', () => {
    const s = fakeStream(true);
    runProgress('bert', 'performance', false, s).phase('loading session');
    expect(s.chunks.join('')).toBe('\r\x1b[2K[bert performance] loading session · elapsed 0:00');
    endRunProgress();
    endRunProgress();
    expect(s.chunks.slice(1)).toEqual(['\r\x1b[2K']);
  });
});
