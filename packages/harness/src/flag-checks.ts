/** Range checks of flag values that several workloads share; each failure is a USAGE error naming the flag. */
import { BenchError } from '@modelbench/core';

export function unitInterval(name: string, v: number): number {
  if (!(v >= 0 && v <= 1)) throw new BenchError('USAGE', `--${name} must be between 0 and 1, got ${v}`, { hint: `for example --${name} 0.5` });
  return v;
}
