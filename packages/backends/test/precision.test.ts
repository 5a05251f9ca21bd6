import { describe, expect, it } from 'vitest';
import { bf16Capability } from '../src/cpu-features.ts';
import { buildOrtSessionOptions, nestConfigEntries } from '../src/ort-options.ts';
import { planPrecision } from '../src/precision.ts';

const cpuSupport = { nativeBf16OnArm64: true, emulateBf16: true };
const neoverseN2 = { arch: 'arm64', flags: ['fp', 'asimd', 'sve', 'sve2', 'bf16', 'i8mm', 'svebf16'] };
const graviton2 = { arch: 'arm64', flags: ['fp', 'asimd', 'atomics'] };
const avx2 = { arch: 'x64', flags: ['avx', 'avx2', 'fma'] };
const sapphireRapids = { arch: 'x64', flags: ['avx2', 'avx512f', 'avx512_bf16', 'amx_bf16'] };

describe('bf16 capability from CPU flags', () => {
  it('arm64 bf16 extension and x86 AVX512-BF16/AMX are hardware bf16', () => {
    expect(bf16Capability('arm64', neoverseN2.flags)).toEqual({ hardware: true, flags: ['bf16', 'svebf16'], arch: 'arm64' });
    expect(bf16Capability('x64', sapphireRapids.flags).flags).toEqual(['avx512_bf16', 'amx_bf16']);
    expect(bf16Capability('x64', avx2.flags).hardware).toBe(false);
    expect(bf16Capability('arm64', graviton2.flags).hardware).toBe(false);
  });
});

describe('precision plan', () => {
  it('fp32 is native everywhere', () => {
    expect(planPrecision('ort-cpu', cpuSupport, 'fp32', avx2)).toMatchObject({ precision: 'fp32', execution: 'native', sessionConfig: {} });
  });

  it('bf16 is native on arm64 with the bf16 extension, through the MLAS fast-math option', () => {
    const plan = planPrecision('ort-cpu', cpuSupport, 'bf16', neoverseN2);
    expect(plan.execution).toBe('native');
    expect(plan.sessionConfig).toEqual({ 'mlas.enable_gemm_fastmath_arm64_bfloat16': '1' });
  });

  it('bf16 is emulated on x86 (even with AVX512-BF16, which MLAS does not use) and on arm64 without bf16', () => {
    const x = planPrecision('ort-cpu', cpuSupport, 'bf16', avx2);
    expect(x).toMatchObject({ execution: 'emulated', sessionConfig: {} });
    expect(x.reason).toMatch(/no bf16 instructions/);
    expect(planPrecision('ort-cpu', cpuSupport, 'bf16', sapphireRapids).reason).toMatch(/has avx512_bf16\+amx_bf16, but ort-cpu has no bf16 kernels/);
    expect(planPrecision('ort-cpu', cpuSupport, 'bf16', graviton2).reason).toMatch(/no bf16 extension/);
    expect(planPrecision('ort-wasm', { nativeBf16OnArm64: false, emulateBf16: true }, 'bf16', neoverseN2).execution).toBe('emulated');
  });

  it('a backend that cannot even emulate gives a named error', () => {
    expect(() => planPrecision('ort-webgpu', { nativeBf16OnArm64: false, emulateBf16: false }, 'bf16', avx2)).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_PRECISION', exitCode: 2 }),
    );
  });
});

describe('onnxruntime session options', () => {
  it('nests dotted config keys the way onnxruntime-node flattens them', () => {
    expect(nestConfigEntries({ 'a.b.c': '1', 'a.d': '2' })).toEqual({ a: { b: { c: '1' }, d: '2' } });
  });

  it('passes the arm64 bf16 fast-math key only when the plan says native bf16', () => {
    const native = planPrecision('ort-cpu', cpuSupport, 'bf16', neoverseN2);
    const o = buildOrtSessionOptions('cpu', { precision: native, threads: 4 }, native);
    expect(o.extra).toEqual({
      session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } },
      mlas: { enable_gemm_fastmath_arm64_bfloat16: '1' },
    });
    expect(o.intraOpNumThreads).toBe(4);
    expect(o.executionProviders).toEqual(['cpu']);
    const emulatedPlan = planPrecision('ort-cpu', cpuSupport, 'bf16', avx2);
    const emulated = buildOrtSessionOptions('cpu', { precision: emulatedPlan }, emulatedPlan);
    expect(emulated.extra).not.toHaveProperty('mlas');
    expect(emulated.intraOpNumThreads).toBeUndefined();
  });

  it('turns profiling on only with a prefix', () => {
    const plan = planPrecision('ort-cpu', cpuSupport, 'fp32', avx2);
    expect(buildOrtSessionOptions('cpu', { precision: plan }, plan).enableProfiling).toBeUndefined();
    expect(buildOrtSessionOptions('cpu', { precision: plan, profilePrefix: '/tmp/p' }, plan)).toMatchObject({ enableProfiling: true, profileFilePrefix: '/tmp/p' });
  });
});
