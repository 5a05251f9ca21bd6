/**
 * Validates objects against the vendored official Kubernetes schemas (tools/fleet/schemas/k8s-1.36.json: the
 * release's OpenAPI definitions, strict — an unknown field fails) with ajv.
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';

const SCHEMA_PATH = new URL('../schemas/k8s-1.36.json', import.meta.url);

interface SchemaDoc {
  kubernetesVersion: string;
  kinds: Record<string, unknown>;
  definitions: Record<string, unknown>;
}

const doc = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as SchemaDoc;
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema({ $id: 'k8s', definitions: doc.definitions, kinds: doc.kinds });
const validators = new Map<string, ValidateFunction>();

export const KUBERNETES_VERSION = doc.kubernetesVersion;
export const VALIDATED_KINDS = Object.keys(doc.kinds);

/** Problems of one object, `[]` when it is valid; an object of a kind without a schema is a problem too. */
export function k8sProblems(obj: { apiVersion?: unknown; kind?: unknown }): string[] {
  const key = `${String(obj.apiVersion)}/${String(obj.kind)}`;
  if (!(key in doc.kinds)) return [`no schema for ${key} (vendored: ${VALIDATED_KINDS.join(', ')})`];
  let v = validators.get(key);
  if (!v) {
    v = ajv.getSchema(`k8s#/kinds/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`)!;
    validators.set(key, v);
  }
  if (v(obj)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}`);
}
