/** `npm run backends`: every backend, available or the exact reason it is not, and how it computes bf16 here. */
import { BenchError, captureEnvironment, renderTable, runMain } from '@modelbench/core';
import { createDefaultRegistry } from './registry.ts';

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((a) => a !== 'list');
  if (args.length) throw new BenchError('USAGE', `backends: unexpected argument '${args[0]}'`, { hint: 'usage: npm run backends [list]' });
  const env = captureEnvironment();
  const rows: string[][] = [];
  for (const { backend, probe } of await createDefaultRegistry().statuses()) {
    let bf16 = '-';
    if (probe.ok) {
      try {
        bf16 = backend.planPrecision('bf16').execution;
      } catch (e) {
        bf16 = `unsupported (${(e as Error).message})`;
      }
    }
    rows.push([backend.id, probe.ok ? 'available' : 'unavailable', bf16, `${backend.runtime} ${backend.runtimeVersion}`, probe.ok ? backend.description : probe.reason]);
  }
  process.stdout.write(`CPU: ${env.cpu.model} (${env.cpu.arch}, ${env.cpu.physicalCores} physical / ${env.cpu.logicalCores} logical cores)\n\n`);
  process.stdout.write(renderTable(['backend', 'status', 'bf16', 'runtime', 'description or reason'], rows, ['left', 'left', 'left', 'left', 'left']) + '\n');
  return 0;
}

void runMain(main);
