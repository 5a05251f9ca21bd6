/** The issuing thread's priority: real time where chrt may set it, else a lower nice value, else normal — on a fake host. */
import { describe, expect, it } from 'vitest';
import { holdIssuePriority, ISSUE_RT_PRIORITY, priorityForRun, raiseIssuePriority, releaseIssuePriority, type PriorityHost } from '../src/issuer-priority.ts';

function fakeHost(o: { tid?: string; chrtAllowed: boolean; niceAllowed: boolean }): PriorityHost & { calls: string[][]; nice: number } {
  const h = {
    calls: [] as string[][],
    nice: 0,
    threadId: () => o.tid,
    chrt: (args: string[]) => (h.calls.push(args), o.chrtAllowed),
    getNice: () => h.nice,
    setNice: (n: number) => {
      if (!o.niceAllowed) throw new Error('EACCES');
      h.nice = n;
    },
  };
  return h;
}

describe('raiseIssuePriority', () => {
  it('real time where chrt is allowed: SCHED_FIFO on the calling thread\'s own tid, SCHED_OTHER back on restore', () => {
    const h = fakeHost({ tid: '4242', chrtAllowed: true, niceAllowed: true });
    const p = raiseIssuePriority('linux', h);
    expect(h.calls).toEqual([['-f', '-p', String(ISSUE_RT_PRIORITY), '4242']]);
    expect(p.note).toBe(`real-time: the issuing thread (tid 4242) ran SCHED_FIFO ${ISSUE_RT_PRIORITY} while timed`);
    expect(h.nice).toBe(0);
    p.restore();
    expect(h.calls[1]).toEqual(['-o', '-p', '0', '4242']);
  });

  it('chrt refused: nice 0 → −10 while timed, 0 again after', () => {
    const h = fakeHost({ tid: '7', chrtAllowed: false, niceAllowed: true });
    const p = raiseIssuePriority('linux', h);
    expect(p.note).toBe('raised: the issuing thread\'s nice 0 → -10 while timed (real time: chrt missing or refused)');
    expect(h.nice).toBe(-10);
    p.restore();
    expect(h.nice).toBe(0);
  });

  it('no thread id and no permission: the normal priority, saying why', () => {
    const h = fakeHost({ chrtAllowed: true, niceAllowed: false });
    const p = raiseIssuePriority('linux', h);
    expect(h.calls).toEqual([]);
    expect(p.note).toMatch(/^normal \(real time: no thread id; no permission to lower the issuing thread's nice value/);
  });

  it('off Linux nothing is changed', () => {
    const h = fakeHost({ tid: '1', chrtAllowed: true, niceAllowed: true });
    expect(raiseIssuePriority('darwin', h).note).toBe('normal (darwin: a thread\'s priority cannot be raised alone)');
    expect(h.calls).toEqual([]);
  });
});

describe('holdIssuePriority', () => {
  it('raises once and keeps it: the runs while it is held spawn no chrt (a fork costs the next writes), release restores it', () => {
    const h = fakeHost({ tid: '77', chrtAllowed: true, niceAllowed: true });
    const held = holdIssuePriority('linux', h);
    expect(holdIssuePriority('linux', h)).toBe(held);
    const run1 = priorityForRun('linux', h);
    run1.restore();
    const run2 = priorityForRun('linux', h);
    run2.restore();
    expect(run1.note).toBe(held.note);
    expect(h.calls).toEqual([['-f', '-p', String(ISSUE_RT_PRIORITY), '77']]);
    releaseIssuePriority();
    expect(h.calls).toEqual([
      ['-f', '-p', String(ISSUE_RT_PRIORITY), '77'],
      ['-o', '-p', '0', '77'],
    ]);
    // nothing held: a run raises and restores its own
    priorityForRun('linux', h).restore();
    expect(h.calls).toHaveLength(4);
    releaseIssuePriority();
    expect(h.calls).toHaveLength(4);
  });
});
