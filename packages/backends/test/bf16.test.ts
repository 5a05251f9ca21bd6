import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, bf16BitsToFloat32, emulateBf16, float32ToBf16Bits, roundArrayToBf16InPlace, roundArrayToMantissaBitsInPlace, roundToBf16 } from '@modelbench/onnx';
import { Rng } from '@modelbench/core';

const bitsOf = (x: number): number => new Uint32Array(Float32Array.of(x).buffer)[0] as number;
const fromBits = (b: number): number => new Float32Array(Uint32Array.of(b).buffer)[0] as number;

/** x → Cast(bfloat16) → Cast(float) in onnxruntime itself. */
async function ortRoundTrip(values: Float32Array): Promise<Float32Array> {
  const g = new GraphBuilder('cast');
  g.input('x', 'FLOAT', [values.length]);
  const narrow = g.op('Cast', ['x'], { to: { kind: 'int', value: 16 } });
  g.op('Cast', [narrow], { to: { kind: 'int', value: 1 } }, 'y');
  g.output('y', 'FLOAT', [values.length]);
  const s = await ort.InferenceSession.create(g.toBytes(), { graphOptimizationLevel: 'disabled' });
  const out = await s.run({ x: new ort.Tensor('float32', values, [values.length]) });
  await s.release();
  return out.y!.data as Float32Array;
}

describe('bf16 rounding', () => {
  it('rounds to nearest, ties to even, bit-exactly', () => {
    expect(float32ToBf16Bits(1)).toBe(0x3f80);
    expect(float32ToBf16Bits(fromBits(0x3f808000))).toBe(0x3f80); // tie, even stays
    expect(float32ToBf16Bits(fromBits(0x3f818000))).toBe(0x3f82); // tie, odd rounds up to even
    expect(float32ToBf16Bits(fromBits(0x3f808001))).toBe(0x3f81); // above the tie
    expect(float32ToBf16Bits(fromBits(0x3f807fff))).toBe(0x3f80); // below the tie
    expect(float32ToBf16Bits(-2.5)).toBe(0xc020);
    expect(float32ToBf16Bits(fromBits(0x7f7fffff))).toBe(0x7f80); // max float overflows to +inf
    expect(float32ToBf16Bits(Infinity)).toBe(0x7f80);
    expect(float32ToBf16Bits(-Infinity)).toBe(0xff80);
    expect(Number.isNaN(bf16BitsToFloat32(float32ToBf16Bits(NaN)))).toBe(true);
    expect(roundToBf16(3.14159)).toBe(3.140625);
  });

  it('the in-place array version agrees with the scalar one', () => {
    const xs = new Rng(1).fillNormal(new Float32Array(10_000), 0, 100);
    const expected = Array.from(xs, roundToBf16);
    expect(Array.from(roundArrayToBf16InPlace(xs))).toEqual(expected);
  });

  it('matches onnxruntime Cast float→bfloat16→float bit for bit, specials included', async () => {
    const specials = [0, -0, 1, -1, 65504, 1e-40, -1e-40, 3.4e38, -3.4e38, Infinity, -Infinity, fromBits(0x3f808000), fromBits(0x3f818000), fromBits(0x00008000)];
    const xs = new Float32Array(20_000 + specials.length);
    new Rng(2).fillNormal(xs, 0, 1000);
    xs.set(specials, 20_000);
    const viaOrt = await ortRoundTrip(xs);
    const ours = roundArrayToBf16InPlace(new Float32Array(xs));
    const mismatches = Array.from(ours).filter((v, i) => bitsOf(v) !== bitsOf(viaOrt[i] as number));
    expect(mismatches).toEqual([]);
  });

  it('rounds to fewer mantissa bits on request (for perturbation tests)', () => {
    expect(Array.from(roundArrayToMantissaBitsInPlace(Float32Array.of(1.3, 1.7, 1.5, 2.5), 1))).toEqual([1.5, 1.5, 1.5, 2]);
    expect(() => roundArrayToMantissaBitsInPlace(new Float32Array(1), 24)).toThrow(RangeError);
  });
});

describe('bf16 emulation graph rewrite', () => {
  function matmulModel(): Uint8Array {
    const g = new GraphBuilder('mm');
    g.input('a', 'FLOAT', [2, 3]);
    const b = g.constFloat('b', [1.0009765625, 0.333333, 0.1, 3.14159, 2.71828, 1.41421], [3, 2]);
    const y = g.op('MatMul', ['a', b]);
    g.op('Add', [y, g.constFloat('bias', [0.123456, 0.654321])], {}, 'y');
    g.output('y', 'FLOAT', [2, 2]);
    return g.toBytes({ metadata: { kept: 'yes' } });
  }

  it('rounds operands through bf16 and keeps the bias and the arithmetic in fp32', async () => {
    const { bytes, report } = emulateBf16(matmulModel());
    expect(report).toEqual({ roundedInitializers: 1, roundedInitializerValues: 6, castPairs: 1, affectedNodes: 1 });
    const a = Float32Array.of(1.00390625, 1.0117, 0.7, 123.456, 0.001, 5.5);
    const run = async (m: Uint8Array): Promise<number[]> => {
      const s = await ort.InferenceSession.create(m, { graphOptimizationLevel: 'all' });
      const out = await s.run({ a: new ort.Tensor('float32', a, [2, 3]) });
      return Array.from(out.y!.data as Float32Array);
    };
    const B = [1.0009765625, 0.333333, 0.1, 3.14159, 2.71828, 1.41421].map(roundToBf16);
    const A = Array.from(a, roundToBf16);
    const bias = [Math.fround(0.123456), Math.fround(0.654321)];
    const expected = [0, 1].flatMap((i) => [0, 1].map((j) => A[i * 3]! * B[j]! + A[i * 3 + 1]! * B[2 + j]! + A[i * 3 + 2]! * B[4 + j]! + bias[j]!));
    const emulated = await run(bytes);
    emulated.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
    const fp32 = await run(matmulModel());
    expect(fp32).not.toEqual(emulated); // the rounding is really there after onnxruntime's optimisations
  });

  it('copies untouched fields byte for byte (metadata survives)', () => {
    const text = new TextDecoder().decode(emulateBf16(matmulModel()).bytes);
    expect(text).toContain('kept');
    expect(() => emulateBf16(new Uint8Array([8, 1]))).toThrow(/no graph/);
  });
});
