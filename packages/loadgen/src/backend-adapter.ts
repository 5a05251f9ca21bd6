/**
 * The backend registry, whichever shape @modelbench/backends has: a `createDefaultRegistry()` factory (the harness
 * rebuild) or today's module-level `registry`.
 */
import * as backends from '@modelbench/backends';
import type { InferenceBackend } from '@modelbench/backends';

interface RegistryLike {
  select(id: string): Promise<InferenceBackend>;
}

export function backendRegistry(): RegistryLike {
  const mod = backends as unknown as { createDefaultRegistry?: () => RegistryLike; registry?: RegistryLike };
  if (typeof mod.createDefaultRegistry === 'function') return mod.createDefaultRegistry();
  if (mod.registry) return mod.registry;
  throw new Error('@modelbench/backends exports neither createDefaultRegistry() nor registry');
}
