/**
 * `npm run backends`: every backend, available or the exact reason it is not, and how it computes bf16 here.
 *
 * The probes run in a child process whose stderr (fd 2, where onnxruntime's native code and Dawn's Vulkan loader
 * write) is captured, so the table is not preceded by red native errors: each message is summarised into the reason
 * column of the backend whose probe printed it (a mark on stderr before each probe says which one).
 */
import { writeSync } from 'node:fs';
import { BenchError, captureEnvironment, renderTable, runMain } from '@modelbench/core';
import { PROBE_CHILD_FLAG, probeRows, probeRowsInChild } from './probe-child.ts';
import { createDefaultRegistry } from './registry.ts';

const USAGE = `usage: npm run backends [-- list]

Lists every backend this build knows: available, or the exact reason it is not (each provider is probed by creating a
tiny session on exactly that provider), how it computes bf16 here, and the runtime version.`;

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const registry = createDefaultRegistry();
  if (argv[0] === PROBE_CHILD_FLAG) {
    const ids = argv.slice(1);
    const backends = ids.length ? registry.backends.filter((b) => ids.includes(b.id)) : registry.backends;
    writeSync(1, JSON.stringify(await probeRows(backends, (id) => registry.probe(id), true)));
    return 0;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const args = argv.filter((a) => a !== 'list');
  if (args.length) throw new BenchError('USAGE', `backends: unexpected argument '${args[0]}'`, { hint: 'usage: npm run backends [-- list] (or -- --help)' });
  const env = captureEnvironment();
  const fromChild = probeRowsInChild();
  const rows = fromChild?.rows ?? (await probeRows(registry.backends, (id) => registry.probe(id), false));
  process.stdout.write(`CPU: ${env.cpu.model} (${env.cpu.arch}, ${env.cpu.physicalCores} physical / ${env.cpu.logicalCores} logical cores)\n\n`);
  process.stdout.write(
    renderTable(
      ['backend', 'status', 'bf16', 'runtime', 'description or reason'],
      rows.map((r) => [r.id, r.ok ? 'available' : 'unavailable', r.bf16, r.runtime, r.text]),
      ['left', 'left', 'left', 'left', 'left'],
    ) + '\n',
  );
  if (fromChild && fromChild.loadNoise.length > 0) process.stdout.write(`\nnative messages while loading the runtimes: ${fromChild.loadNoise.join('; ')}\n`);
  return 0;
}

void runMain(main);
