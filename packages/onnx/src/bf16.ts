/**
 * bfloat16 rounding: float32 → bf16 with round-to-nearest-even (ties to even), NaN kept quiet, infinities kept —
 * the conversion PyTorch, onnxruntime's BFloat16 and Arm's BFCVT perform. Pure functions over typed arrays.
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The bf16 bit pattern (upper 16 bits of a float32) nearest to `value`. */
export function float32ToBf16Bits(value: number): number {
  f32[0] = value;
  const bits = u32[0] as number;
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x007fffff) !== 0) return ((bits >>> 16) | 0x0040) & 0xffff;
  const roundingBias = 0x7fff + ((bits >>> 16) & 1);
  return ((bits + roundingBias) >>> 16) & 0xffff;
}

export function bf16BitsToFloat32(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0] as number;
}

/** Rounds a float32 value through bf16 and back. */
export function roundToBf16(value: number): number {
  return bf16BitsToFloat32(float32ToBf16Bits(value));
}

/** Rounds every element through bf16, in place; returns the same array. */
export function roundArrayToBf16InPlace(data: Float32Array): Float32Array {
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i] as number;
    if ((b & 0x7f800000) === 0x7f800000 && (b & 0x007fffff) !== 0) {
      bits[i] = ((b | 0x00400000) & 0xffff0000) >>> 0;
    } else {
      bits[i] = ((b + 0x7fff + ((b >>> 16) & 1)) & 0xffff0000) >>> 0;
    }
  }
  return data;
}

/**
 * Rounds to a float format with `mantissaBits` explicit mantissa bits (bf16 has 7, fp32 23), nearest-even. Used to
 * perturb a model on purpose (a validate test rounds far harder than bf16 and expects disagreement).
 */
export function roundArrayToMantissaBitsInPlace(data: Float32Array, mantissaBits: number): Float32Array {
  if (!(mantissaBits >= 0 && mantissaBits <= 23)) throw new RangeError('mantissa bits must be in [0, 23]');
  const drop = 23 - mantissaBits;
  if (drop === 0) return data;
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
  const half = 2 ** (drop - 1) - 1;
  const mask = (0xffffffff << drop) >>> 0;
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i] as number;
    if ((b & 0x7f800000) === 0x7f800000) continue;
    bits[i] = ((b + half + ((b >>> drop) & 1)) & mask) >>> 0;
  }
  return data;
}
