/**
 * onnxruntime-web's WebAssembly backend, running in Node (SIMD, worker threads): the second compute backend a user
 * chooses between, as the original offered OpenBLAS or ACL. Its profiler prints the trace to stdout through
 * `fs.writeSync(1, …)`; we capture those lines and write them to a file like onnxruntime-node does.
 */
import { createRequire } from 'node:module';
import * as ort from 'onnxruntime-web';
import { captureEnvironment, parseTraceText, writeFileAtomic, type PrecisionName } from '@modelbench/core';
import { emulateBf16 } from '@modelbench/onnx';
import { buildOrtSessionOptions } from './ort-options.ts';
import { createOrtSession, readModelBytes, wrapOrtSession, type OrtModuleLike, type OrtSessionLike } from './ort-session.ts';
import { checkPlan, planPrecision } from './precision.ts';
import { prepareProfilePrefix } from './profile-files.ts';
import { probeWithTinySession } from './tiny-model.ts';
import type { BackendOptions, InferenceBackend, LoadedModel, ModelArtifact, PrecisionPlan, ProbeResult } from './types.ts';

const fsCjs = createRequire(import.meta.url)('fs') as { writeSync: (fd: number, data: unknown, ...rest: unknown[]) => number };
let configuredThreads: number | undefined;

/** Runs `fn` while capturing what the wasm module writes to stdout. */
export async function captureWasmStdout(fn: () => unknown): Promise<string> {
  const chunks: string[] = [];
  const original = fsCjs.writeSync;
  fsCjs.writeSync = (fd: number, data: unknown, ...rest: unknown[]): number => {
    if (fd === 1) {
      const s = String(data);
      chunks.push(s);
      return Buffer.byteLength(s);
    }
    return original(fd, data, ...rest);
  };
  try {
    await fn();
  } finally {
    fsCjs.writeSync = original;
  }
  return chunks.join('');
}

export class OrtWasmBackend implements InferenceBackend {
  readonly id = 'ort-wasm';
  readonly description = 'onnxruntime-web, WebAssembly (SIMD, worker threads) running in Node';
  readonly runtime = 'onnxruntime-web';
  readonly runtimeVersion: string = (ort.env as { versions?: { web?: string } }).versions?.web ?? '1.30.0';
  readonly provider = 'wasm';

  async probe(): Promise<ProbeResult> {
    return probeWithTinySession(ort as unknown as OrtModuleLike, 'wasm');
  }

  planPrecision(precision: PrecisionName): PrecisionPlan {
    return planPrecision(this.id, { nativeBf16OnArm64: false, emulateBf16: true }, precision, captureEnvironment().cpu);
  }

  async load(model: ModelArtifact, options: BackendOptions): Promise<LoadedModel> {
    const plan = checkPlan(this.id, options.precision);
    const warnings: string[] = [];
    const threads = options.threads ?? captureEnvironment().cpu.physicalCores;
    // numThreads is global to the wasm module and fixed once it starts: say so rather than silently ignore a change.
    if (configuredThreads === undefined) {
      ort.env.wasm.numThreads = threads;
      configuredThreads = threads;
    } else if (configuredThreads !== threads) {
      warnings.push(`ort-wasm already started with ${configuredThreads} threads in this process; --threads ${threads} is not applied`);
    }
    let bytes = await readModelBytes(model.path, model.bytes);
    if (plan.precision === 'bf16' && plan.execution === 'emulated') {
      const rewritten = emulateBf16(bytes);
      bytes = rewritten.bytes;
      warnings.push(`bf16 emulated: ${plan.reason} (${rewritten.report.affectedNodes} GEMM/conv nodes)`);
    }
    const prefix = options.profilePrefix ? prepareProfilePrefix(options.profilePrefix) : undefined;
    const { profilePrefix: _ignored, threads: _t, interOpThreads: _i, ...rest } = options;
    const sessionOptions = { ...buildOrtSessionOptions('wasm', rest, plan), ...(prefix ? { enableProfiling: true } : {}) };
    const session = await createOrtSession(ort as unknown as OrtModuleLike, bytes, sessionOptions, model.path);
    return wrapOrtSession({
      ort: ort as unknown as OrtModuleLike,
      session,
      precision: plan,
      sessionOptions: { ...sessionOptions, numThreads: configuredThreads },
      warnings,
      async endProfiling(s: OrtSessionLike) {
        if (!prefix) return undefined;
        const text = await captureWasmStdout(() => s.endProfiling());
        const events = parseTraceText(text);
        if (events.length === 0) return undefined;
        const path = `${prefix}_${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
        writeFileAtomic(path, JSON.stringify(events));
        return path;
      },
    });
  }
}

export const ortWasmBackend = new OrtWasmBackend();
