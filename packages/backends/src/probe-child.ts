/**
 * Probing backends in a child process, so the native output of a failing provider (onnxruntime's provider bridge,
 * Dawn's Vulkan loader: red lines and `at operator()` frames on fd 2) is captured and summarised into the reason of
 * the backend that printed it instead of reaching the user's terminal. Used by `npm run backends` and by the
 * registry's `select` for the optional native providers (ort-cuda, ort-webgpu, ort-xnnpack, …).
 */
import { spawnSync } from 'node:child_process';
import { writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROBE_MARK, attributeNoise, reasonWithNoise } from './probe-noise.ts';
import type { InferenceBackend, ProbeResult } from './types.ts';

/** The argument that makes `cli.ts` the probing child. */
export const PROBE_CHILD_FLAG = '--probe-child';

export interface ProbeRow {
  id: string;
  ok: boolean;
  bf16: string;
  runtime: string;
  text: string;
}

/** Probes the backends in this process, marking on fd 2 which backend each probe's native output belongs to. */
export async function probeRows(backends: readonly InferenceBackend[], probe: (id: string) => Promise<ProbeResult>, mark: boolean): Promise<ProbeRow[]> {
  const rows: ProbeRow[] = [];
  for (const backend of backends) {
    if (mark) writeSync(2, `\n${PROBE_MARK}${backend.id}\n`);
    const result = await probe(backend.id);
    let bf16 = '-';
    if (result.ok) {
      try {
        bf16 = backend.planPrecision('bf16').execution;
      } catch (e) {
        bf16 = `unsupported (${(e as Error).message})`;
      }
    }
    rows.push({ id: backend.id, ok: result.ok, bf16, runtime: `${backend.runtime} ${backend.runtimeVersion}`, text: result.ok ? backend.description : result.reason });
  }
  if (mark) writeSync(2, `\n${PROBE_MARK}\n`);
  return rows;
}

/** node's flags for a child that runs TypeScript: this process's own when it runs through tsx, else tsx's loader. */
function childExecArgv(): string[] {
  return process.execArgv.some((a) => a.includes('tsx')) ? [...process.execArgv] : ['--import', 'tsx'];
}

/**
 * The rows of these backends (all without ids) from a child process, each unavailable one's native stderr summarised
 * into its reason; undefined if the child failed.
 */
export function probeRowsInChild(ids: readonly string[] = []): { rows: ProbeRow[]; loadNoise: string[] } | undefined {
  const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
  const r = spawnSync(process.execPath, [...childExecArgv(), cli, PROBE_CHILD_FLAG, ...ids], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 300_000 });
  if (r.status !== 0) return undefined;
  let rows: ProbeRow[];
  try {
    rows = JSON.parse(r.stdout) as ProbeRow[];
  } catch {
    return undefined;
  }
  const noise = attributeNoise(r.stderr);
  for (const row of rows) if (!row.ok) row.text = reasonWithNoise(row.text, noise.get(row.id) ?? []);
  // an available backend keeps its description; what it printed natively is not a reason
  return { rows, loadNoise: noise.get('') ?? [] };
}
