/** `cli.ts matrix | report | compare`: each command loads only what it needs (report and compare never load onnxruntime). */
import { BenchError, runMain } from '@modelbench/core';

const USAGE = `usage:
  cli.ts matrix  [--workloads A,B] [--backends A,B] [--precisions fp32,bf16] [--threads N,M] [--batch N] [--iterations N] [--out DIR] ...
                 [--scenarios plain,single-stream,offline,server] [--instances N,M] [--target-qps Q] [--find-peak] ...
  cli.ts report  RESULTS... [--out DIR]
  cli.ts compare A B [--min-change PERCENT]
each command takes --help`;

void runMain(async () => {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case 'matrix':
      return (await import('./matrix-cli.ts')).matrixMain(rest);
    case 'report':
      return (await import('./report-cli.ts')).reportMain(rest);
    case 'compare':
      return (await import('./compare-cli.ts')).compareMain(rest);
    case undefined:
    case '--help':
      process.stdout.write(USAGE + '\n');
      return command === undefined ? 2 : 0;
    default:
      throw new BenchError('USAGE', `unknown command '${command}'`, { hint: 'commands: matrix, report, compare' });
  }
});
