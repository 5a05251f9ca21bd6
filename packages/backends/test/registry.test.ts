import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureEnvironment, readTraceFile, summarizeTrace } from '@modelbench/core';
import { bf16Capability, createDefaultRegistry, nullBackend, ortCpuBackend, ortWasmBackend, planPrecision, type PrecisionPlan } from '../src/index.ts';
import { tinyModelBytes } from '../src/tiny-model.ts';

const registry = createDefaultRegistry();
/** An emulated bf16 plan on any machine: the plan an x86-64 CPU without bf16 gets. */
const emulatedBf16: PrecisionPlan = planPrecision('ort-cpu', { nativeBf16OnArm64: true, emulateBf16: true }, 'bf16', { arch: 'x64', flags: ['avx2'] });
const fp32 = ortCpuBackend.planPrecision('fp32');

const x = { type: 'float32' as const, dims: [1, 4], data: Float32Array.of(1, 2, 3, 4) };

describe('backend registry', () => {
  it('is an instance: each caller creates its own, with the same backends', () => {
    const other = createDefaultRegistry();
    expect(other).not.toBe(registry);
    expect(other.ids()).toEqual(['ort-cpu', 'ort-wasm', 'null', 'ort-cuda', 'ort-tensorrt', 'ort-webgpu', 'ort-acl', 'ort-xnnpack', 'ort-dnnl']);
  });

  it('an unknown backend lists the valid ones', () => {
    expect(() => registry.get('openblas')).toThrow(expect.objectContaining({ code: 'UNKNOWN_BACKEND', hint: expect.stringContaining('ort-cpu, ort-wasm, null') }));
  });

  it('a provider this build lacks is unavailable with the exact reason', async () => {
    const err = await registry.select('ort-acl').catch((e: unknown) => e); // probed in a child (probe-child.ts)
    expect(err).toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    expect((err as Error).message).toMatch(/does not include the 'acl' execution provider/);
    expect((err as { hint: string }).hint).toMatch(/ort-cpu/);
  }, 60_000);

  it('ort-cpu and ort-wasm probe ok and compute the probe model', async () => {
    expect(await registry.probe('ort-cpu')).toEqual({ ok: true });
    expect(await registry.probe('ort-wasm')).toEqual({ ok: true });
  }, 30_000); // the wasm runtime's first load can take seconds on a loaded machine
});

describe('backends run models', () => {
  for (const backend of [ortCpuBackend, ortWasmBackend]) {
    it(`${backend.id}: runs, profiles to a trace file, and says how bf16 runs`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mb-prof-'));
      const loaded = await backend.load({ path: 'tiny', bytes: tinyModelBytes() }, { precision: fp32, threads: 1, profilePrefix: join(dir, 'nested', 'p') });
      expect(loaded.inputs).toEqual([{ name: 'x', type: 'float32', shape: [1, 4] }]);
      const out = await loaded.run({ x });
      expect(Array.from(out.y!.data as Float32Array)).toEqual([11.5, 4.5, 4.5, 11.5]);
      await loaded.run({ x });
      const trace = await loaded.endProfiling();
      expect(trace && existsSync(trace)).toBe(true);
      const summary = summarizeTrace(readTraceFile(trace!), { skipRuns: 1 });
      expect(summary.runs).toBe(1);
      expect(summary.operators.length).toBeGreaterThan(0);
      await loaded.dispose();
      // native only for ort-cpu on an arm64 CPU with the bf16 extension; ort-wasm has no bf16 kernels anywhere
      const cpu = captureEnvironment().cpu;
      const native = backend === ortCpuBackend && cpu.arch === 'arm64' && bf16Capability(cpu.arch, cpu.flags).hardware;
      expect(backend.planPrecision('bf16').execution).toBe(native ? 'native' : 'emulated');
    });
  }

  it('an emulated bf16 plan rewrites the model, says so, and keeps the plan it was given', async () => {
    const loaded = await ortCpuBackend.load({ path: 'tiny', bytes: tinyModelBytes() }, { precision: emulatedBf16 });
    expect(loaded.precision).toBe(emulatedBf16);
    expect(loaded.warnings.join(' ')).toMatch(/bf16 emulated: .*\(1 GEMM\/conv nodes, \d+ activation casts\)/);
    await loaded.dispose();
  });

  it('load takes a plan, not a precision name', async () => {
    const bare = 'bf16' as unknown as PrecisionPlan;
    await expect(ortCpuBackend.load({ path: 'tiny', bytes: tinyModelBytes() }, { precision: bare })).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('null backend returns zero outputs of the real shapes', async () => {
    const loaded = await nullBackend.load({ path: 'tiny', bytes: tinyModelBytes() }, { precision: nullBackend.planPrecision('fp32') });
    const first = await loaded.run({ x });
    const second = await loaded.run({ x });
    expect(first.y!.dims).toEqual([1, 4]);
    expect(Array.from(second.y!.data as Float32Array)).toEqual([0, 0, 0, 0]);
    await loaded.dispose();
  });

  it('an unloadable model is a MODEL_INVALID error, not a crash', async () => {
    await expect(ortCpuBackend.load({ path: 'junk.onnx', bytes: new Uint8Array([1, 2, 3]) }, { precision: fp32 })).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  });
});
