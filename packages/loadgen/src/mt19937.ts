/**
 * std::mt19937, the 32-bit Mersenne Twister of the C++ standard ([rand.predef]: mersenne_twister_engine<uint_fast32_t,
 * 32, 624, 397, 31, 0x9908b0df, 11, 0xffffffff, 7, 0x9d2c5680, 15, 0xefc60000, 18, 1812433253>), the engine MLPerf
 * LoadGen draws its sample order and server arrivals from (loadgen.cc: `std::mt19937 sample_rng(...)`,
 * `schedule_rng(...)`, `qsl_rng(...)`; LoadGen uses no 64-bit engine). The standard's own check: the 10,000th output
 * of a default-seeded engine is 4123659995.
 *
 * Seeding as `seed(result_type sd)`: x[0] = sd mod 2^32, x[i] = 1812433253 × (x[i−1] xor (x[i−1] >> 30)) + i mod
 * 2^32. LoadGen passes its 64-bit mlperf.conf seeds straight in, so only their low 32 bits count ({@link seedWord}).
 */
const N = 624;
const M = 397;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
const MATRIX_A = 0x9908b0df;

export const MT19937_DEFAULT_SEED = 5489;

/** A uint64 seed (a decimal string, bigint or safe integer) reduced as std::mt19937's seed() reduces it: mod 2^32. */
export function seedWord(seed: string | bigint | number): number {
  let big: bigint;
  if (typeof seed === 'bigint') big = seed;
  else if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`a seed is a whole number ≥ 0 (up to 2^53 as a number; give larger ones as strings), got ${seed}`);
    big = BigInt(seed);
  } else {
    if (!/^\d+$/.test(seed.trim())) throw new RangeError(`a seed is a whole number ≥ 0, got '${seed}'`);
    big = BigInt(seed.trim());
  }
  if (big < 0n || big >= 1n << 64n) throw new RangeError(`a seed is an unsigned 64-bit number, got ${big}`);
  return Number(big & 0xffffffffn);
}

export class Mt19937 {
  /** the engine's min() and max() */
  static readonly min = 0;
  static readonly max = 0xffffffff;
  private readonly x = new Uint32Array(N);
  private i = N;

  constructor(seed: string | bigint | number = MT19937_DEFAULT_SEED) {
    const x = this.x;
    x[0] = seedWord(seed);
    for (let i = 1; i < N; i++) {
      const prev = x[i - 1]!;
      x[i] = (Math.imul(1812433253, (prev ^ (prev >>> 30)) >>> 0) + i) >>> 0;
    }
  }

  private twist(): void {
    const x = this.x;
    for (let k = 0; k < N; k++) {
      const y = (x[k]! & UPPER) | (x[(k + 1) % N]! & LOWER);
      x[k] = x[(k + M) % N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.i = 0;
  }

  /** the next output, a whole number in [0, 2^32) */
  next(): number {
    if (this.i >= N) this.twist();
    let z = this.x[this.i++]!;
    z ^= z >>> 11;
    z ^= (z << 7) & 0x9d2c5680;
    z ^= (z << 15) & 0xefc60000;
    z ^= z >>> 18;
    return z >>> 0;
  }

  /** std::mersenne_twister_engine::discard(n) */
  discard(n: number): void {
    for (let k = 0; k < n; k++) this.next();
  }
}
