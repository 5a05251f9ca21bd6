/**
 * std::mt19937 and the libstdc++ distributions LoadGen uses, against worked values printed by a C++17 program built
 * with g++ 12.2.0 (Debian 12.2.0-14) and its libstdc++ on x86-64 Linux, e.g.
 *   std::mt19937 g(2747215439041700203ULL); std::uniform_int_distribution<> d(0, 1023); for (…) printf("%d", d(g));
 * The seeds are mlperf.conf's (MLPerf Inference v6.1): qsl 2085463073848966840, sample index 2747215439041700203,
 * schedule 16159082839903944936.
 */
import { describe, expect, it } from 'vitest';
import { Mt19937, seedWord } from '../src/mt19937.ts';
import { exponential, generateCanonical, shuffle, uniformInt, uniformReal } from '../src/std-random.ts';

const QSL = '2085463073848966840';
const SAMPLE = '2747215439041700203';
const SCHEDULE = '16159082839903944936';
const draw = (n: number, f: () => number): number[] => Array.from({ length: n }, f);
const iota = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('std::mt19937', () => {
  it('the C++ standard\'s check: the 10,000th output of a default-seeded engine is 4123659995', () => {
    const g = new Mt19937();
    g.discard(9999);
    expect(g.next()).toBe(4123659995);
  });

  it('seeded with 1 and with mlperf.conf\'s 64-bit sample_index_rng_seed (its low 32 bits)', () => {
    const one = new Mt19937(1);
    expect(draw(3, () => one.next())).toEqual([1791095845, 4282876139, 3093770124]);
    const g = new Mt19937(SAMPLE);
    expect(draw(5, () => g.next())).toEqual([3434217556, 4095560906, 2166191286, 1227672827, 2822152564]);
    expect(seedWord(SAMPLE)).toBe(Number(BigInt(SAMPLE) % 2n ** 32n));
    expect(seedWord(2n ** 64n - 1n)).toBe(0xffffffff);
  });

  it('rejects a seed that is not an unsigned 64-bit whole number', () => {
    expect(() => seedWord('-1')).toThrow(RangeError);
    expect(() => seedWord((2n ** 64n).toString())).toThrow(RangeError);
    expect(() => seedWord(1.5)).toThrow(RangeError);
  });
});

describe('libstdc++ distributions', () => {
  it('uniform_int_distribution<>(0, 1023) and (0, 999) from the sample seed', () => {
    const a = new Mt19937(SAMPLE);
    expect(draw(10, () => uniformInt(a, 0, 1023))).toEqual([818, 976, 516, 292, 672, 710, 120, 666, 909, 882]);
    const b = new Mt19937(SAMPLE);
    expect(draw(10, () => uniformInt(b, 0, 999))).toEqual([799, 953, 504, 285, 657, 694, 117, 650, 888, 861]);
  });

  it('wide ranges: (0, 2^31 − 2) seed 5, and (0, 3e9) seed 3 where Lemire\'s rejection redraws', () => {
    const a = new Mt19937(5);
    expect(draw(6, () => uniformInt(a, 0, 2147483646))).toEqual([476726705, 118498406, 1869883382, 1785262941, 443926002, 781119034]);
    const b = new Mt19937(3);
    expect(draw(8, () => uniformInt(b, 0, 3000000000))).toEqual([1652393713, 2519847127, 363985737, 1532482803, 1707933977, 2678840874, 1311185820, 56244030]);
    expect(b.next()).toBe(539384825); // the same number of engine draws as libstdc++
  });

  it('generate_canonical<double, 53>, exponential_distribution(10) and its nanosecond truncation, uniform_real', () => {
    const c = new Mt19937(SCHEDULE);
    expect(draw(3, () => generateCanonical(c))).toEqual([0.84176183649236813, 0.36740425143421468, 0.72358787390744883]);
    const e = new Mt19937(SCHEDULE);
    const gaps = draw(6, () => exponential(e, 10));
    expect(gaps).toEqual([0.1843654016915528, 0.045792368870575258, 0.12858623165149471, 0.071299472399811728, 0.038640662581312844, 0.22483416933091621]);
    // duration_cast<nanoseconds>(duration<double>(x)): truncation of x × 1e9
    expect(gaps.map((x) => Math.trunc(x * 1e9))).toEqual([184365401, 45792368, 128586231, 71299472, 38640662, 224834169]);
    expect(uniformReal(new Mt19937(7), 0, 1)).toBe(0.22733907496470684);
  });

  it('std::shuffle of 10, 9, 2 and 1 elements from the qsl seed, with the engine left where libstdc++ leaves it', () => {
    const cases: [number, number[], number][] = [
      [10, [1, 5, 7, 6, 0, 8, 3, 2, 9, 4], 1312898738],
      [9, [2, 5, 1, 7, 3, 0, 4, 8, 6], 2791321498],
      [2, [1, 0], 3947231266],
      [1, [0], 144363858],
    ];
    for (const [n, order, nextRaw] of cases) {
      const g = new Mt19937(QSL);
      expect(shuffle(iota(n), g)).toEqual(order);
      expect(g.next()).toBe(nextRaw);
    }
  });

  it('std::shuffle of 70,000 elements takes one draw per swap ((2^32 − 1) / n < n)', () => {
    const g = new Mt19937(QSL);
    const v = shuffle(iota(70000), g);
    expect(v.slice(0, 8)).toEqual([3434, 25598, 53455, 6674, 518, 64165, 64811, 21948]);
    expect(v[69999]).toBe(1929);
    expect(g.next()).toBe(993882504);
  });
});
