import { describe, expect, it } from 'vitest';
import { BF16_EMULATED_CONSEQUENCE, gatherBf16Warnings } from '../src/bf16-warning.ts';

// the session line ort-cpu.ts writes for an x86-64 CPU without bf16 (plan reason from precision.ts)
const SESSION =
  'bf16 emulated: this x64 CPU has no bf16 instructions: bf16 is emulated (GEMM/conv operands rounded through bf16, fp32 arithmetic); times say nothing about bf16 speed (54 GEMM/conv nodes, 108 activation casts)';

describe('gatherBf16Warnings', () => {
  it('says the emulation once, keeping the backend reason and counts and the harness consequence', () => {
    const out = gatherBf16Warnings(['threads: 2 of 2 cores', SESSION, 'no GFLOP/s: unknown op'], true);
    expect(out).toHaveLength(3);
    expect(out[0]).toBe('threads: 2 of 2 cores');
    expect(out[1]).toBe(
      'bf16 is emulated on this machine: the time says nothing about bf16 speed, only fp32 speed with extra casts (this x64 CPU has no bf16 instructions: bf16 is emulated (GEMM/conv operands rounded through bf16, fp32 arithmetic); times say nothing about bf16 speed (54 GEMM/conv nodes, 108 activation casts))',
    );
    expect(out[2]).toBe('no GFLOP/s: unknown op');
    expect(out.filter((w) => /bf16/.test(w))).toHaveLength(1);
  });

  it('adds the consequence when the backend said nothing (e.g. the null backend)', () => {
    expect(gatherBf16Warnings(['a'], true)).toEqual(['a', `bf16 is emulated on this machine: ${BF16_EMULATED_CONSEQUENCE}`]);
  });

  it('leaves fp32 runs alone but drops exact repeats', () => {
    expect(gatherBf16Warnings(['a', 'b', 'a'], false)).toEqual(['a', 'b']);
  });
});
