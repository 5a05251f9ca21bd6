/**
 * The backend registry. `select` resolves an id to a backend that probed OK; an unknown id lists the valid ones, and
 * an unavailable one says why, with the list of those that are available.
 */
import { BenchError } from '@modelbench/core';
import { nullBackend } from './null-backend.ts';
import { ortCpuBackend, probedOrtNodeBackends } from './ort-cpu.ts';
import { ortWasmBackend } from './ort-wasm.ts';
import { probeRowsInChild } from './probe-child.ts';
import type { InferenceBackend, ProbeResult } from './types.ts';

export interface BackendStatus {
  backend: InferenceBackend;
  probe: ProbeResult;
}

/** How the registry asks about the backends whose in-process probe prints native output (see probe-child.ts). */
export interface IsolatedProbing {
  /** the ids probed in a child first */
  ids: ReadonlySet<string>;
  /** these backends' availability and reason (native output summarised), or undefined when the child failed */
  probeApart(ids: readonly string[]): { rows: readonly { id: string; ok: boolean; text: string }[] } | undefined;
}

export class BackendRegistry {
  private readonly probes = new Map<string, Promise<ProbeResult>>();

  constructor(
    readonly backends: readonly InferenceBackend[],
    private readonly isolated?: IsolatedProbing,
  ) {}

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

  /** The available backends among those whose probes print nothing natively (the rest: `npm run backends`). */
  private async quietlyAvailable(): Promise<string[]> {
    const out: string[] = [];
    for (const b of this.backends) if (!this.isolated?.ids.has(b.id) && (await this.probe(b.id)).ok) out.push(b.id);
    return out;
  }

  /** A backend that is known and available; otherwise one error naming every reason. */
  async select(id: string): Promise<InferenceBackend> {
    const backend = this.get(id);
    if (this.isolated?.ids.has(id) && !this.probes.has(id)) {
      // an optional native provider: ask a child first, so a missing one prints one line, not its native errors
      const row = this.isolated.probeApart([id])?.rows.find((r) => r.id === id);
      if (row && !row.ok) {
        throw new BenchError('BACKEND_UNAVAILABLE', `backend '${id}' is not available here: ${row.text}`, {
          hint: `available backends: ${(await this.quietlyAvailable()).join(', ')} (\`npm run backends\` lists why each other one is not)`,
        });
      }
    }
    const probe = await this.probe(id);
    if (!probe.ok) {
      throw new BenchError('BACKEND_UNAVAILABLE', `backend '${id}' is not available here: ${probe.reason}`, {
        hint: `available backends: ${(await this.quietlyAvailable()).join(', ')}`,
      });
    }
    return backend;
  }
}

/** The registry of every backend this build knows; callers create one and pass it on (probes are cached per instance). */
export function createDefaultRegistry(): BackendRegistry {
  return new BackendRegistry([ortCpuBackend, ortWasmBackend, nullBackend, ...probedOrtNodeBackends], {
    ids: new Set(probedOrtNodeBackends.map((b) => b.id)),
    probeApart: probeRowsInChild,
  });
}
export const DEFAULT_BACKEND = 'ort-cpu';
