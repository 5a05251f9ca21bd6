/** Collects what the matrix plan needs to know about each backend from the registry: probe, and how bf16 runs here. */
import { createDefaultRegistry, type BackendRegistry, type InferenceBackend } from '@modelbench/backends';
import type { PrecisionName } from '@modelbench/core';
import { PRECISIONS } from './cell.ts';
import type { BackendFacts, PrecisionFact } from './matrix-plan.ts';

function precisionFact(backend: InferenceBackend, precision: PrecisionName): PrecisionFact {
  try {
    const plan = backend.planPrecision(precision);
    return { ok: true, execution: plan.execution, reason: plan.reason };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

export function registeredBackendIds(registry: BackendRegistry = createDefaultRegistry()): string[] {
  return registry.ids();
}

/** Probes the chosen backends (each creates a tiny session, so only those asked for). */
export async function collectBackendFacts(ids: readonly string[], registry: BackendRegistry = createDefaultRegistry()): Promise<Map<string, BackendFacts>> {
  const facts = new Map<string, BackendFacts>();
  for (const id of ids) {
    const backend = registry.get(id);
    const probe = await registry.probe(id);
    const precision = Object.fromEntries(PRECISIONS.map((p) => [p, precisionFact(backend, p)])) as Record<PrecisionName, PrecisionFact>;
    facts.set(id, {
      id,
      available: probe.ok,
      unavailableReason: probe.ok ? null : probe.reason,
      runtime: backend.runtime,
      runtimeVersion: backend.runtimeVersion,
      provider: backend.provider,
      precision,
    });
  }
  return facts;
}
