/**
 * The precision table: how each backend computes fp32 and bf16 on this CPU. The decision comes from the CPU's feature
 * flags and the backend, never from whether a session option was accepted (onnxruntime ignores unknown options).
 */
import { BenchError, type PrecisionName } from '@modelbench/core';
import { bf16Capability } from './cpu-features.ts';
import type { PrecisionPlan } from './types.ts';

export const ARM64_BF16_FASTMATH_KEY = 'mlas.enable_gemm_fastmath_arm64_bfloat16';

export interface PrecisionSupport {
  /** uses the CPU's bf16 instructions when present (onnxruntime's MLAS on arm64) */
  nativeBf16OnArm64: boolean;
  /** can run the bf16-emulating graph rewrite (needs Cast to and from bfloat16) */
  emulateBf16: boolean;
}

/** A plan handed to `load` must be a plan (a caller passing a bare 'bf16' string is a programming error). */
export function checkPlan(backendId: string, plan: PrecisionPlan): PrecisionPlan {
  if (typeof plan !== 'object' || (plan.precision !== 'fp32' && plan.precision !== 'bf16')) {
    throw new BenchError('INTERNAL', `${backendId}.load was given precision ${JSON.stringify(plan)}, not a plan`, { hint: "plan it once with backend.planPrecision('fp32' | 'bf16') and pass the plan" });
  }
  return plan;
}

export function planPrecision(
  backendId: string,
  support: PrecisionSupport,
  requested: PrecisionName,
  cpu: { arch: string; flags: readonly string[] },
): PrecisionPlan {
  if (requested === 'fp32') return { precision: 'fp32', execution: 'native', sessionConfig: {}, reason: 'fp32 is native everywhere' };
  const cap = bf16Capability(cpu.arch, cpu.flags);
  if (support.nativeBf16OnArm64 && cpu.arch === 'arm64' && cap.hardware) {
    return {
      precision: 'bf16',
      execution: 'native',
      sessionConfig: { [ARM64_BF16_FASTMATH_KEY]: '1' },
      reason: `arm64 CPU with ${cap.flags.join('+')}: MatMul/Gemm run on MLAS bf16 fast-math kernels`,
    };
  }
  if (!support.emulateBf16) {
    throw new BenchError('UNSUPPORTED_PRECISION', `backend '${backendId}' cannot run bf16 on this CPU (${cpu.arch}), natively or emulated`, {
      hint: 'drop --bf16, or choose --backend ort-cpu, which emulates bf16 where the CPU lacks it',
    });
  }
  const why =
    cpu.arch === 'arm64'
      ? 'this arm64 CPU has no bf16 extension'
      : cap.hardware
        ? `this ${cpu.arch} CPU has ${cap.flags.join('+')}, but ${backendId} has no bf16 kernels for it`
        : `this ${cpu.arch} CPU has no bf16 instructions`;
  return {
    precision: 'bf16',
    execution: 'emulated',
    sessionConfig: {},
    reason: `${why}: bf16 is emulated (GEMM/conv operands rounded through bf16, fp32 arithmetic); times say nothing about bf16 speed`,
  };
}
