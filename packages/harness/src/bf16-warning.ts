/**
 * The bf16-emulation warning, said once. The session's own line (`bf16 emulated: <plan reason> (N GEMM/conv nodes, M
 * activation casts)`, from the backend) and the harness's consequence for timings used to be printed one after the
 * other, saying the same thing twice; here they become one line that keeps both: the reason and counts from the
 * backend, the consequence from the harness. Exact repeats among the gathered warnings are dropped too.
 */

/** What an emulated bf16 time means: said by the harness whatever the backend reported. */
export const BF16_EMULATED_CONSEQUENCE = 'the time says nothing about bf16 speed, only fp32 speed with extra casts';

const SESSION_PREFIX = 'bf16 emulated: ';

/**
 * The warnings gathered so far with the bf16-emulation notice merged into one line (where `emulated`), in their
 * order; exact duplicates dropped. Pure.
 */
export function gatherBf16Warnings(warnings: readonly string[], emulated: boolean): string[] {
  const unique = [...new Set(warnings)];
  if (!emulated) return unique;
  const sessionLines = unique.filter((w) => w.startsWith(SESSION_PREFIX));
  if (sessionLines.length === 0) return [...unique, `bf16 is emulated on this machine: ${BF16_EMULATED_CONSEQUENCE}`];
  const details = sessionLines.map((w) => w.slice(SESSION_PREFIX.length)).join('; ');
  const merged = `bf16 is emulated on this machine: ${BF16_EMULATED_CONSEQUENCE} (${details})`;
  const first = unique.indexOf(sessionLines[0]!);
  return unique.flatMap((w, i) => (i === first ? [merged] : w.startsWith(SESSION_PREFIX) ? [] : [w]));
}
