/**
 * `node --import tsx select-child.ts ID...`: selects each backend of one default registry in turn, as a workload's
 * CLI does, and writes to stderr what runMain would print for it (or `ID available`), `---` between them.
 */
import { formatError } from '@modelbench/core';
import { createDefaultRegistry } from '../src/registry.ts';

const registry = createDefaultRegistry();
const blocks: string[] = [];
for (const id of process.argv.slice(2)) {
  try {
    await registry.select(id);
    blocks.push(`${id} available`);
  } catch (e) {
    blocks.push(formatError(e));
  }
}
process.stderr.write(blocks.join('\n---\n') + '\n');
