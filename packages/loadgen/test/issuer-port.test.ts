/**
 * The issuer's side of an instance (issuer-port.ts) against a real worker-thread host (worker-entry.ts) and the echo
 * SUT: each reply on the attached port rings the issuer's bell once; a stand-by instance still answers the call
 * that arrives while it polls, and the calls after it; calls on the main port and the attached port interleave in
 * order. Nothing here asserts a speed.
 */
import { describe, expect, it } from 'vitest';
import { createBell } from '../src/issuer-clock.ts';
import { portExecutor } from '../src/issuer-port.ts';
import { workerExecutorFactory } from '../src/worker-instance.ts';

const entry = new URL('./echo-sut.ts', import.meta.url).href;
const hrMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Resolves once the bell has counted to at least `n`. */
async function rungAtLeast(bell: Int32Array, n: number): Promise<number> {
  for (;;) {
    const v = Atomics.load(bell, 0);
    if (v >= n) return v;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe('an instance driven over its attached port', () => {
  it('rings the bell once per reply, answers a call that arrives while it stands by, and keeps calls in order', async () => {
    const e = await workerExecutorFactory({ entry, payload: { count: 10, seen: new Int32Array(new SharedArrayBuffer(16)) } })({ index: 0, threads: 1 });
    const bell = createBell();
    const p = portExecutor(e.openPort!(), e.info, bell);
    try {
      expect(await p.run([1, 2])).toMatchObject({ modelMs: 3 });
      expect(await rungAtLeast(bell, 1)).toBe(1);
      // stand by for 200 ms, and hand a call over meanwhile: it is run (the echo SUT's model time is the indices' sum)
      p.standby!(hrMs() + 200);
      expect(await p.run([4])).toMatchObject({ modelMs: 4 });
      expect(await rungAtLeast(bell, 2)).toBe(2);
      // main-port and attached-port calls, back to back (each host lingers on its port after a reply)
      const both = await Promise.all([e.run([5]), p.run([6]), e.run([7]), p.run([8, 1])]);
      expect(both.map((r) => (r as { modelMs: number }).modelMs)).toEqual([5, 6, 7, 9]);
      expect(await rungAtLeast(bell, 4)).toBe(4);
      // an error on the attached port is passed back with its code and rings too
      await expect(p.run([10])).rejects.toMatchObject({ code: 'INFERENCE_FAILED' });
      expect(await rungAtLeast(bell, 5)).toBe(5);
    } finally {
      await p.dispose();
      await e.dispose();
    }
  });
});
