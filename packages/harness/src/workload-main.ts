/** A workload's CLI: `main.ts performance|validate [flags]`, errors as one line and an exit code. */
import { BenchError, renderUsage, runMain, type FlagSpecs } from '@modelbench/core';
import { performanceFlags } from './flags.ts';

export interface WorkloadCommands {
  workload: string;
  performance: (argv: string[]) => Promise<number>;
  validate?: (argv: string[]) => Promise<number>;
  performanceExtraFlags?: FlagSpecs;
}

export function workloadMain(c: WorkloadCommands): void {
  void runMain(async () => {
    const [mode, ...rest] = process.argv.slice(2);
    if (rest.includes('--help') || rest.includes('-h') || mode === '--help' || mode === undefined) {
      process.stdout.write(renderUsage(`${c.workload} performance`, { ...performanceFlags, ...(c.performanceExtraFlags ?? {}) }) + '\n');
      return 0;
    }
    if (mode === 'performance') return c.performance(rest);
    if (mode === 'validate' && c.validate) return c.validate(rest);
    throw new BenchError('USAGE', `${c.workload}: unknown mode '${mode}'`, {
      hint: `modes: performance${c.validate ? ', validate' : ''}`,
    });
  });
}
