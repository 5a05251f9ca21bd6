import { describe, expect, it } from 'vitest';
import { formatError } from '@modelbench/core';
import { checkInstanceLimits, instanceBytes, WORKER_BASE_BYTES } from '../src/instance-limits.ts';

const MiB = 2 ** 20;
const GiB = 2 ** 30;
const roomy = { logicalCores: 2, modelBytes: 100 * MiB, inputBytesPerCall: 602_112, availableBytes: 64 * GiB };

function refusal(d: Parameters<typeof checkInstanceLimits>[0]): string {
  try {
    checkInstanceLimits(d);
  } catch (e) {
    expect(e).toMatchObject({ code: 'USAGE', exitCode: 2 });
    return formatError(e);
  }
  throw new Error('expected a refusal');
}

describe('instance limits, checked before any instance starts', () => {
  it('refuses instances × threads above 4× the logical cores, naming a count that fits', () => {
    expect(refusal({ ...roomy, instances: 999, threadsPerInstance: 1 })).toBe(
      "error [USAGE]: --instances 999 × --threads 1 = 999 threads is more than 4× this machine's 2 logical cores\n" +
        '  fix: pass --instances 2 --threads 1 or fewer (instances × threads at most the cores), or --instances auto',
    );
    // 3 × 4 = 12 > 8 on 2 cores; the fix caps threads at the cores: 1 instance of 2 threads
    expect(refusal({ ...roomy, instances: 3, threadsPerInstance: 4 })).toMatch(/fix: pass --instances 1 --threads 2 or fewer/);
    // 8 = 4 × 2 is allowed (a warning elsewhere), as is 4 × 2
    expect(() => checkInstanceLimits({ ...roomy, instances: 8, threadsPerInstance: 1 })).not.toThrow();
    expect(() => checkInstanceLimits({ ...roomy, instances: 4, threadsPerInstance: 2 })).not.toThrow();
  });

  it('counts each instance as the model, one call of inputs and a worker, and refuses more than the free memory', () => {
    expect(WORKER_BASE_BYTES).toBe(8 * MiB);
    // 100 MiB + 602,112 B + 8 MiB = 113,848,320 B (108.6 MiB)
    expect(instanceBytes(roomy)).toBe(100 * MiB + 602_112 + 8 * MiB);
    // 64 cores so only memory limits: 40 instances need 40 × 108.57 MiB = 4.2 GiB > 4 GiB free; 37 fit (4 GiB / 108.57 MiB = 37.7)
    const many = { ...roomy, logicalCores: 64, instances: 40, threadsPerInstance: 1, availableBytes: 4 * GiB };
    expect(refusal(many)).toBe(
      "error [USAGE]: --instances 40: the instances need at least 4.2 GiB (109 MiB each: the model's weights, one call's inputs and a worker), more than the 4.0 GiB free\n" +
        '  fix: pass --instances 37 or fewer, or free memory first',
    );
    expect(() => checkInstanceLimits({ ...many, instances: 37 })).not.toThrow();
    expect(refusal({ ...many, instances: 1, availableBytes: 50 * MiB })).toMatch(/fix: free memory first: not even one instance fits$/);
  });
});
