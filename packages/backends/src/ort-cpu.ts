/** onnxruntime-node: MLAS on the CPU provider, and the probe-gated providers onnxruntime-node may list. */
import * as ort from 'onnxruntime-node';
import { captureEnvironment, type PrecisionName } from '@modelbench/core';
import { emulateBf16 } from '@modelbench/onnx';
import { buildOrtSessionOptions } from './ort-options.ts';
import { createOrtSession, readModelBytes, wrapOrtSession, type OrtModuleLike } from './ort-session.ts';
import { checkPlan, planPrecision, type PrecisionSupport } from './precision.ts';
import { findProfileFile, prepareProfilePrefix } from './profile-files.ts';
import type { BackendOptions, InferenceBackend, LoadedModel, ModelArtifact, PrecisionPlan, ProbeResult } from './types.ts';
import { probeWithTinySession } from './tiny-model.ts';
import { disableOrtTelemetryLog } from './ort-telemetry.ts';

// before the first session: no /tmp/mat-debug-<pid>.log (ort-telemetry.ts)
disableOrtTelemetryLog();

const ORT_NODE_VERSION: string = (ort.env as { versions?: { node?: string; common?: string } }).versions?.node ?? '1.30.0';

export class OrtNodeBackend implements InferenceBackend {
  readonly runtime = 'onnxruntime-node';
  readonly runtimeVersion = ORT_NODE_VERSION;

  constructor(
    readonly id: string,
    readonly provider: string,
    readonly description: string,
    private readonly support: PrecisionSupport,
  ) {}

  async probe(): Promise<ProbeResult> {
    const listed = (ort as unknown as { listSupportedBackends?: () => { name: string }[] }).listSupportedBackends?.() ?? [];
    if (this.provider !== 'cpu' && !listed.some((b) => b.name === this.provider)) {
      return { ok: false, reason: `this onnxruntime-node build does not include the '${this.provider}' execution provider (it has: ${listed.map((b) => b.name).join(', ')})` };
    }
    return probeWithTinySession(ort as unknown as OrtModuleLike, this.provider);
  }

  planPrecision(precision: PrecisionName): PrecisionPlan {
    const env = captureEnvironment();
    return planPrecision(this.id, this.support, precision, env.cpu);
  }

  async load(model: ModelArtifact, options: BackendOptions): Promise<LoadedModel> {
    const plan = checkPlan(this.id, options.precision);
    let bytes = await readModelBytes(model.path, model.bytes);
    const warnings: string[] = [];
    if (plan.precision === 'bf16' && plan.execution === 'emulated') {
      const rewritten = emulateBf16(bytes);
      bytes = rewritten.bytes;
      warnings.push(`bf16 emulated: ${plan.reason} (${rewritten.report.affectedNodes} GEMM/conv nodes, ${rewritten.report.castPairs} activation casts)`);
    }
    const withPrefix = options.profilePrefix ? { ...options, profilePrefix: prepareProfilePrefix(options.profilePrefix) } : options;
    const sessionOptions = buildOrtSessionOptions(this.provider, withPrefix, plan);
    const session = await createOrtSession(ort as unknown as OrtModuleLike, bytes, sessionOptions, model.path);
    const startedMs = Date.now();
    return wrapOrtSession({
      ort: ort as unknown as OrtModuleLike,
      session,
      precision: plan,
      sessionOptions: sessionOptions as unknown as Record<string, unknown>,
      warnings,
      async endProfiling(s) {
        if (!withPrefix.profilePrefix) return undefined;
        await s.endProfiling();
        return findProfileFile(withPrefix.profilePrefix, startedMs);
      },
    });
  }
}

export const ortCpuBackend = new OrtNodeBackend('ort-cpu', 'cpu', 'onnxruntime-node, CPU execution provider (MLAS)', {
  nativeBf16OnArm64: true,
  emulateBf16: true,
});

/** Providers onnxruntime-node lists on some platforms, or only custom builds have; each is probed before use. */
export const probedOrtNodeBackends: InferenceBackend[] = [
  new OrtNodeBackend('ort-cuda', 'cuda', 'onnxruntime-node, CUDA execution provider (NVIDIA GPU)', { nativeBf16OnArm64: false, emulateBf16: true }),
  new OrtNodeBackend('ort-tensorrt', 'tensorrt', 'onnxruntime-node, TensorRT execution provider', { nativeBf16OnArm64: false, emulateBf16: true }),
  new OrtNodeBackend('ort-webgpu', 'webgpu', 'onnxruntime-node, WebGPU execution provider', { nativeBf16OnArm64: false, emulateBf16: false }),
  new OrtNodeBackend('ort-acl', 'acl', 'onnxruntime built with the Arm Compute Library provider (docker/Dockerfile.acl)', { nativeBf16OnArm64: true, emulateBf16: true }),
  new OrtNodeBackend('ort-xnnpack', 'xnnpack', 'onnxruntime built with the XNNPACK provider', { nativeBf16OnArm64: false, emulateBf16: true }),
  new OrtNodeBackend('ort-dnnl', 'dnnl', 'onnxruntime built with the oneDNN provider', { nativeBf16OnArm64: false, emulateBf16: true }),
];
