/**
 * Writes packages/core/schema/run-record.schema.json from the TypeBox definition (`nx run core:schema`);
 * `--check` only compares and exits 1 when the committed file differs.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BenchError, runMain } from './errors.ts';
import { writeFileAtomic } from './reporters.ts';
import { RUN_RECORD_SCHEMA_FILE, runRecordSchemaText } from './schema-file.ts';

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

await runMain(async () => {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length) throw new BenchError('USAGE', `unknown argument ${unknown[0]}`, { hint: 'run with no arguments, or --check' });
  const shown = relative(process.cwd(), RUN_RECORD_SCHEMA_FILE);
  const text = runRecordSchemaText();
  const current = readOrNull(RUN_RECORD_SCHEMA_FILE);
  if (args.includes('--check')) {
    if (current === text) {
      process.stdout.write(`${shown} is up to date\n`);
      return 0;
    }
    process.stderr.write(`${shown} differs from the RunRecord definition; run: nx run core:schema\n`);
    return 1;
  }
  if (current === text) process.stdout.write(`${shown} already up to date\n`);
  else {
    writeFileAtomic(RUN_RECORD_SCHEMA_FILE, text);
    process.stdout.write(`wrote ${shown}\n`);
  }
  return 0;
});
