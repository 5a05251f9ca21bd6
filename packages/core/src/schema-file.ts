/**
 * The RunRecord schema as a file: packages/core/schema/run-record.schema.json is this text, written by `nx run
 * core:schema` (src/write-schema.ts) and compared with it by test/schema-file.test.ts, so the file cannot drift from
 * the TypeBox definition.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runRecordSchema } from './record-schema.ts';

export const RUN_RECORD_SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'run-record.schema.json');

/** The schema as JSON text (TypeBox's symbol-keyed markers are not JSON and drop out). */
export function runRecordSchemaText(): string {
  return JSON.stringify(runRecordSchema, null, 2) + '\n';
}
