/** Range checks of flag values that several workloads share; each failure is a USAGE error naming the flag. */
import { BenchError } from '@modelbench/core';

export function unitInterval(name: string, v: number): number {
  if (!(v >= 0 && v <= 1)) throw new BenchError('USAGE', `--${name} must be between 0 and 1, got ${v}`, { hint: `for example --${name} 0.5` });
  return v;
}

/**
 * A list flag that also takes the arguments after it (`--images a.jpg b.jpg`; `flag` without its dashes): the values and the positionals, or
 * undefined when the flag is absent; positionals without the flag are a USAGE error.
 */
export function listFlagWithArguments(command: string, flag: string, values: readonly string[] | undefined, positionals: readonly string[]): string[] | undefined {
  if (positionals.length && !values) throw new BenchError('USAGE', `${command}: unexpected argument '${positionals[0]}'`, { hint: `the ${flag} go after --${flag}` });
  return values ? [...values, ...positionals] : undefined;
}
