/**
 * Numbers as MLPerf LoadGen's C++ prints them, so its log files can be reproduced byte for byte:
 * - `cppDouble`: a double through `std::ostream << x` with the default flags (printf `%g`, 6 significant digits:
 *   `60`, `38.5601`, `1.5e+06`);
 * - `cppFixed`: LoadGen's `DoubleToString(x, precision)` (`std::fixed`, default precision 2: `94.70`);
 * - `nsOf`: a latency in ms as LoadGen's integer nanoseconds.
 */

/** `std::ostream << x` for a double with the default precision (6): printf's `%g`. */
export function cppDouble(x: number): string {
  if (Number.isNaN(x)) return x < 0 ? '-nan' : 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const precision = 6;
  const [mantissa, expText] = x.toExponential(precision - 1).split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= precision) {
    const m = stripZeros(mantissa);
    const sign = exp < 0 ? '-' : '+';
    return `${m}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return stripZeros(x.toFixed(precision - 1 - exp));
}

function stripZeros(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

/** LoadGen's DoubleToString: `std::fixed` with `precision` decimals. */
export function cppFixed(x: number, precision = 2): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  return x.toFixed(precision);
}

/** A latency or time in ms as whole nanoseconds (LoadGen's QuerySampleLatency). */
export function nsOf(ms: number): number {
  return Math.round(ms * 1e6);
}

/** A C++ bool printed through LoadGen's summary (`operator<<`, no boolalpha): 0 or 1. */
export function cppBool(b: boolean): string {
  return b ? '1' : '0';
}
