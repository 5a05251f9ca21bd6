/**
 * Tensor dimensions for MAC counting: a plain number, or a linear expression over named data-dependent sizes (the
 * rows NonZero, NonMaxSuppression or Compress return). Linear is enough for the detectors met here: each
 * data-dependent row count multiplies a known per-row cost. A product of two such sizes is not representable and
 * throws NonLinearDim, which leaves the dimension unknown.
 */
export interface SymDim {
  readonly k: number;
  /** symbol name → coefficient (never 0) */
  readonly terms: Readonly<Record<string, number>>;
}

export type Dim = number | SymDim;

export class NonLinearDim extends Error {}

export function sym(name: string): SymDim {
  return { k: 0, terms: { [name]: 1 } };
}

export function isNum(d: Dim): d is number {
  return typeof d === 'number';
}

function make(k: number, terms: Record<string, number>): Dim {
  const kept = Object.entries(terms).filter(([, c]) => c !== 0);
  return kept.length === 0 ? k : { k, terms: Object.fromEntries(kept) };
}

function parts(d: Dim): { k: number; terms: Readonly<Record<string, number>> } {
  return isNum(d) ? { k: d, terms: {} } : d;
}

export function dimAdd(a: Dim, b: Dim, sign = 1): Dim {
  if (isNum(a) && isNum(b)) return a + sign * b;
  const pa = parts(a);
  const pb = parts(b);
  const terms: Record<string, number> = { ...pa.terms };
  for (const [s, c] of Object.entries(pb.terms)) terms[s] = (terms[s] ?? 0) + sign * c;
  return make(pa.k + sign * pb.k, terms);
}

export function dimSub(a: Dim, b: Dim): Dim {
  return dimAdd(a, b, -1);
}

export function dimMul(a: Dim, b: Dim): Dim {
  if (isNum(a) && isNum(b)) return a * b;
  if (!isNum(a) && !isNum(b)) throw new NonLinearDim('product of two data-dependent sizes');
  const [n, s] = isNum(a) ? [a, b as SymDim] : [b as number, a];
  return make(s.k * n, Object.fromEntries(Object.entries(s.terms).map(([name, c]) => [name, c * n])));
}

/** a / n when it divides exactly (every coefficient); undefined otherwise. */
export function dimDivExact(a: Dim, n: number): Dim | undefined {
  if (n === 0) return undefined;
  if (isNum(a)) return Number.isInteger(a / n) ? a / n : undefined;
  if (!Number.isInteger(a.k / n) || Object.values(a.terms).some((c) => !Number.isInteger(c / n))) return undefined;
  return make(a.k / n, Object.fromEntries(Object.entries(a.terms).map(([s, c]) => [s, c / n])));
}

export function dimEquals(a: Dim, b: Dim): boolean {
  if (isNum(a) || isNum(b)) return a === b;
  if (a.k !== b.k) return false;
  const ka = Object.keys(a.terms);
  return ka.length === Object.keys(b.terms).length && ka.every((s) => a.terms[s] === b.terms[s]);
}

export function product(dims: readonly Dim[]): Dim {
  return dims.reduce<Dim>((acc, d) => dimMul(acc, d), 1);
}

export function dimToString(d: Dim): string {
  if (isNum(d)) return String(d);
  const t = Object.entries(d.terms).map(([s, c]) => (c === 1 ? s : `${c}·${s}`));
  if (d.k !== 0) t.push(String(d.k));
  return t.join(' + ');
}

/** Substitutes values for symbols; symbols without a value stay. */
export function substitute(d: Dim, values: ReadonlyMap<string, number>): Dim {
  if (isNum(d)) return d;
  let k = d.k;
  const terms: Record<string, number> = {};
  for (const [s, c] of Object.entries(d.terms)) {
    const v = values.get(s);
    if (v === undefined) terms[s] = c;
    else k += c * v;
  }
  return make(k, terms);
}

export function symbolsOf(d: Dim): string[] {
  return isNum(d) ? [] : Object.keys(d.terms);
}
