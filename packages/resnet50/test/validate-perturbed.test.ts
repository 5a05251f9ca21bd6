/** validate must fail when the candidate is far less precise than bf16: weights rounded to 2 mantissa bits. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getSyntheticModel, resolveCacheDir } from '@modelbench/models';
import { SAMPLE_PHOTOS_DIR } from '@modelbench/vision';
import { runWorkloadCommand } from '@modelbench/harness';
import { resnet50Workload } from '../src/workload.ts';
import { roundModelWeights } from './perturb-model.ts';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'mb-r50-perturbed-'));
afterEach(() => vi.restoreAllMocks());

describe('resnet50 validate on a perturbed model', () => {
  it("returns exit code 1 with a FAIL verdict when the candidate's weights keep 2 mantissa bits", { timeout: 120_000 }, async () => {
    const synthetic = await getSyntheticModel('resnet50', { cacheDir: resolveCacheDir({ cwd: root }) });
    const perturbed = join(dir, 'resnet50-2bit.onnx');
    writeFileSync(perturbed, roundModelWeights(new Uint8Array(readFileSync(synthetic.path)), 2));
    let stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    const code = await runWorkloadCommand(resnet50Workload, ['validate', '--model', synthetic.path, '--candidate-model', perturbed, '--basis', 'logits', '--images', join(SAMPLE_PHOTOS_DIR, 'coffee.png'), '--out-dir', join(dir, 'out')]);
    vi.restoreAllMocks();
    expect(code).toBe(1);
    expect(stdout).toMatch(/vs candidate .*resnet50-2bit\.onnx \[user model /);
    expect(stdout).toMatch(/largest logits relative error (\S+) \(need ≤ 0\.02\): FAIL/);
    const err = Number(/largest logits relative error (\S+)/.exec(stdout)![1]);
    expect(err).toBeGreaterThan(0.05);
    expect(stdout).toMatch(/^verdict: FAIL — largest logits relative error/m);
  });
});
