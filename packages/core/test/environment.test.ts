import { describe, expect, it } from 'vitest';
import { captureEnvironment, parseCpuinfo } from '../src/environment.ts';

const x86 = `processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu avx2 fma sse4_2\nphysical id\t: 0\ncore id\t\t: 0\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu avx2 fma sse4_2\nphysical id\t: 0\ncore id\t\t: 0\n\nprocessor\t: 2\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu avx2 fma sse4_2\nphysical id\t: 0\ncore id\t\t: 1\n`;
const arm = `processor\t: 0\nBogoMIPS\t: 100.00\nFeatures\t: fp asimd sve bf16 i8mm svebf16\nCPU implementer\t: 0x41\nCPU part\t: 0xd49\n\nprocessor\t: 1\nFeatures\t: fp asimd sve bf16 i8mm svebf16\n`;

describe('cpuinfo parsing', () => {
  it('reads the model, flags and physical cores on x86', () => {
    expect(parseCpuinfo(x86)).toEqual({ model: 'AMD EPYC 7B13', flags: ['avx2', 'fma', 'fpu', 'sse4_2'], physicalCores: 2 });
  });

  it('reads Features on arm64 (Neoverse N2 lists bf16)', () => {
    const p = parseCpuinfo(arm);
    expect(p.flags).toContain('bf16');
    expect(p.physicalCores).toBeUndefined();
  });

  it('captures this machine', () => {
    const env = captureEnvironment();
    expect(env.cpu.logicalCores).toBeGreaterThanOrEqual(1);
    expect(env.cpu.physicalCores).toBeLessThanOrEqual(env.cpu.logicalCores);
    expect(env.node).toBe(process.version);
  });
});
