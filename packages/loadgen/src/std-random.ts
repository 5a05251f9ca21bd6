/**
 * The <random> distributions and std::shuffle that MLPerf LoadGen uses, as libstdc++ (GCC 12, bits/uniform_int_dist.h,
 * bits/random.tcc, bits/random.h, bits/stl_algo.h) implements them on a 32-bit engine, draw for draw, so that the
 * same engine state gives the same numbers as a LoadGen built with GCC ≥ 11 on Linux:
 * - uniform_int_distribution(a, b): Lemire's nearly divisionless method on a 64-bit product (GCC ≥ 11; GCC ≤ 10 used
 *   the two-division rejection and gives other numbers from the same engine);
 * - generate_canonical<double, 53>: two engine outputs, (u0 + u1 × 2^32) / 2^64, 1 mapped to the next double below;
 * - exponential_distribution(λ): −log(1 − canonical) / λ (Math.log is V8's fdlibm log: it can differ from glibc's
 *   in the last bit, which moves a nanosecond-truncated arrival time only when the gap sits on a nanosecond edge);
 * - std::shuffle: Fisher–Yates from the front, two swap positions from one draw when (2^32 − 1) / n ≥ n.
 */
import { Mt19937 } from './mt19937.ts';

const TWO32 = 4294967296;

/** The high and low 32 bits of a × b for a, b < 2^32, exactly (a double holds only 53 bits of the product). */
function mul32x32(a: number, b: number): { high: number; low: number } {
  const low = Math.imul(a, b) >>> 0;
  const ah = Math.floor(a / 65536);
  const al = a % 65536;
  const t = al * b; // < 2^48
  const s = ah * b + Math.floor(t / 65536); // < 2^49
  return { high: Math.floor(s / 65536), low };
}

/** libstdc++'s _S_nd<uint64_t>(g, range) for 1 ≤ range < 2^32: a whole number in [0, range). */
function lemire32(g: Mt19937, range: number): number {
  let p = mul32x32(g.next(), range);
  if (p.low < range) {
    const threshold = (TWO32 - range) % range;
    while (p.low < threshold) p = mul32x32(g.next(), range);
  }
  return p.high;
}

/** std::uniform_int_distribution<>(a, b)(g): a whole number in [a, b], for b − a < 2^32. */
export function uniformInt(g: Mt19937, a: number, b: number): number {
  const urange = b - a;
  if (!Number.isInteger(a) || !Number.isInteger(b) || urange < 0 || urange > Mt19937.max) throw new RangeError(`uniformInt needs whole a ≤ b with b − a < 2^32, got [${a}, ${b}]`);
  if (urange === Mt19937.max) return a + g.next();
  return a + lemire32(g, urange + 1);
}

/** std::generate_canonical<double, 53>(g): a double in [0, 1) from two engine outputs. */
export function generateCanonical(g: Mt19937): number {
  let sum = 0;
  let tmp = 1;
  for (let k = 0; k < 2; k++) {
    sum += g.next() * tmp;
    tmp *= TWO32;
  }
  const ret = sum / tmp;
  return ret >= 1 ? 1 - Number.EPSILON / 2 : ret; // nextafter(1.0, 0.0)
}

/** std::exponential_distribution<double>(lambda)(g) */
export function exponential(g: Mt19937, lambda: number): number {
  return -Math.log(1 - generateCanonical(g)) / lambda;
}

/** std::uniform_real_distribution<double>(a, b)(g) */
export function uniformReal(g: Mt19937, a: number, b: number): number {
  return generateCanonical(g) * (b - a) + a;
}

/** std::shuffle(v.begin(), v.end(), g), in place; returns v. */
export function shuffle<T>(v: T[], g: Mt19937): T[] {
  const n = v.length;
  if (n === 0) return v;
  const swap = (i: number, j: number): void => {
    const t = v[i]!;
    v[i] = v[j]!;
    v[j] = t;
  };
  if (Math.floor(Mt19937.max / n) >= n) {
    let i = 1;
    if (n % 2 === 0) {
      swap(i, uniformInt(g, 0, 1));
      i++;
    }
    while (i !== n) {
      const swapRange = i + 1; // (i − first) + 1
      const x = uniformInt(g, 0, swapRange * (swapRange + 1) - 1); // __gen_two_uniform_ints(r, r + 1)
      swap(i++, Math.floor(x / (swapRange + 1)));
      swap(i++, x % (swapRange + 1));
    }
    return v;
  }
  for (let i = 1; i < n; i++) swap(i, uniformInt(g, 0, i));
  return v;
}
