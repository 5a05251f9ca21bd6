/**
 * The messages the container checks expect, built by the code that prints them (the entrypoint's plan, core's flag
 * parser and error format, the cache warning, the models package's cache error) — never copied strings, so a
 * reworded message changes the expectation with it.
 */
import { BenchError, formatError, parseCommandLine } from '@modelbench/core';
import { cacheNotWritableMessage, folderNotWritableCause, syntheticDir } from '@modelbench/models';
import { cacheWarning } from './cache-check.ts';
import { planRun, type PlanContext } from './entrypoint-plan.ts';

/** The first line of what a runMain CLI prints for this error: `error [CODE]: message`. */
function errorLine(e: BenchError): string {
  return formatError(e).split('\n')[0]!;
}

/** What the entrypoint prints for an argument that is neither a workload nor a command. */
export function unknownCommandLines(name: string, ctx: PlanContext): string[] {
  const plan = planRun([name], ctx);
  if (plan.kind !== 'error') throw new Error(`the entrypoint accepts '${name}'; pick a name that is no workload or command`);
  return [errorLine(new BenchError('USAGE', plan.message, { hint: plan.hint }))];
}

/**
 * What a workload's `performance` prints for an unknown flag: core's parser names it (`<w> performance: …`) and lists
 * the valid flags. The list itself depends on the workload, so only its lead-in is expected.
 */
export function unknownFlagLines(flag: string, workload: string): string[] {
  try {
    parseCommandLine([flag], {}, `${workload} performance`);
  } catch (e) {
    if (!(e instanceof BenchError)) throw e;
    const hintLeadIn = (e.hint ?? '').split(':')[0]!;
    return [errorLine(e), `fix: ${hintLeadIn}:`];
  }
  throw new Error(`core's parser accepts ${flag}`);
}

/** An empty model cache mounted read-only at `cacheDir`: the entrypoint's warning, then the models package's error. */
export function readOnlyEmptyCacheLines(cacheDir: string, uid: number): string[] {
  const warning = cacheWarning({ path: cacheDir, writable: false, code: 'EROFS' }, uid);
  if (warning === undefined) throw new Error('cacheWarning says nothing about a read-only cache');
  return [warning.split('\n')[0]!, `error [IO]: ${cacheNotWritableMessage(syntheticDir(cacheDir), folderNotWritableCause(cacheDir, 'EROFS'))}`];
}
