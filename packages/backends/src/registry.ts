/**
 * The backend registry. `select` resolves an id to a backend that probed OK; an unknown id lists the valid ones, and
 * an unavailable one says why, with the list of those that are available.
 */
import { BenchError } from '@modelbench/core';
import { nullBackend } from './null-backend.ts';
import { ortCpuBackend, probedOrtNodeBackends } from './ort-cpu.ts';
import { ortWasmBackend } from './ort-wasm.ts';
import type { InferenceBackend, ProbeResult } from './types.ts';

export interface BackendStatus {
  backend: InferenceBackend;
  probe: ProbeResult;
}

export class BackendRegistry {
  private readonly probes = new Map<string, Promise<ProbeResult>>();

  constructor(readonly backends: readonly InferenceBackend[]) {}

  ids(): string[] {
    return this.backends.map((b) => b.id);
  }

  get(id: string): InferenceBackend {
    const b = this.backends.find((x) => x.id === id);
    if (!b) {
      throw new BenchError('UNKNOWN_BACKEND', `unknown backend '${id}'`, {
        hint: `valid backends: ${this.ids().join(', ')} (run \`npm run backends\` to see which are available here)`,
      });
    }
    return b;
  }

  probe(id: string): Promise<ProbeResult> {
    let p = this.probes.get(id);
    if (!p) {
      p = this.get(id)
        .probe()
        .catch((e: unknown) => ({ ok: false as const, reason: (e as Error).message }));
      this.probes.set(id, p);
    }
    return p;
  }

  async statuses(): Promise<BackendStatus[]> {
    const out: BackendStatus[] = [];
    for (const backend of this.backends) out.push({ backend, probe: await this.probe(backend.id) });
    return out;
  }

  async available(): Promise<InferenceBackend[]> {
    return (await this.statuses()).filter((s) => s.probe.ok).map((s) => s.backend);
  }

  /** A backend that is known and available; otherwise one error naming every reason. */
  async select(id: string): Promise<InferenceBackend> {
    const backend = this.get(id);
    const probe = await this.probe(id);
    if (!probe.ok) {
      const available = (await this.available()).map((b) => b.id);
      throw new BenchError('BACKEND_UNAVAILABLE', `backend '${id}' is not available here: ${probe.reason}`, {
        hint: `available backends: ${available.join(', ')}`,
      });
    }
    return backend;
  }
}

/** The registry of every backend this build knows; callers create one and pass it on (probes are cached per instance). */
export function createDefaultRegistry(): BackendRegistry {
  return new BackendRegistry([ortCpuBackend, ortWasmBackend, nullBackend, ...probedOrtNodeBackends]);
}
export const DEFAULT_BACKEND = 'ort-cpu';
