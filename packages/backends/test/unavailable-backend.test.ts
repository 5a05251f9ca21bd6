/**
 * Issue 21 #3: selecting an optional native provider that is not there (ort-cuda, ort-webgpu, ort-xnnpack) prints
 * the problem and the fix, two lines, and none of the native output its probe writes to fd 2 (onnxruntime's red
 * provider-bridge errors, Dawn's Vulkan warning and its `at operator()` frame): the probe runs in a child whose
 * stderr is summarised, as `npm run backends` does.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackendRegistry, type InferenceBackend } from '../src/index.ts';

const here = import.meta.dirname;

function backend(id: string, calls: string[]): InferenceBackend {
  return {
    id,
    description: id,
    runtime: 'test',
    runtimeVersion: '1',
    provider: id,
    probe: async () => {
      calls.push(id);
      return { ok: id !== 'noisy', reason: 'in-process probe' } as never;
    },
    planPrecision: () => ({ precision: 'fp32', execution: 'native', sessionConfig: {}, reason: '' }),
    load: async () => {
      throw new Error('not used');
    },
  };
}

describe('an unavailable native provider', () => {
  it('is refused from the child probe, with its summarised reason and the available ones, without probing it in process', async () => {
    const calls: string[] = [];
    const registry = new BackendRegistry([backend('quiet', calls), backend('noisy', calls)], {
      ids: new Set(['noisy']),
      probeApart: (ids) => ({ rows: ids.map((id) => ({ id, ok: false, text: 'Failed to load shared library [native: libfoo.so not found]' })) }),
    });
    await expect(registry.select('noisy')).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      exitCode: 2,
      message: "backend 'noisy' is not available here: Failed to load shared library [native: libfoo.so not found]",
      hint: 'available backends: quiet (`npm run backends` lists why each other one is not)',
    });
    expect(calls).toEqual(['quiet']); // only the quiet one, for the list
    // a quiet backend is probed in process as before
    await expect(registry.select('quiet')).resolves.toMatchObject({ id: 'quiet' });
    expect(calls).toEqual(['quiet']); // cached
  });

  it('when the child cannot probe, the in-process probe still decides', async () => {
    const calls: string[] = [];
    const registry = new BackendRegistry([backend('quiet', calls), backend('noisy', calls)], { ids: new Set(['noisy']), probeApart: () => undefined });
    await expect(registry.select('noisy')).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE', message: "backend 'noisy' is not available here: in-process probe", hint: 'available backends: quiet' });
    expect(calls).toEqual(['noisy', 'quiet']);
  });

  it('through the command line: exactly two lines on stderr for ort-cuda (provider bridge errors) and ort-webgpu (Dawn\'s Vulkan warning)', () => {
    // one process selects the three in turn and prints what runMain would print for each: any native output of an
    // in-process probe would land between them
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'select-child.ts'), 'ort-cuda', 'ort-webgpu'], { cwd: join(here, '..'), encoding: 'utf8', timeout: 200_000 });
    expect(r.status, r.stderr).toBe(0);
    const blocks = r.stderr.trimEnd().split('\n---\n');
    expect(blocks, r.stderr).toHaveLength(2);
    for (const [i, id] of ['ort-cuda', 'ort-webgpu'].entries()) {
      const lines = (blocks[i] as string).split('\n');
      if (lines[0] === `${id} available`) continue; // the provider is there on this machine: nothing to refuse
      expect(lines, blocks[i]).toHaveLength(2);
      expect(lines[0]).toMatch(new RegExp(`^error \\[BACKEND_UNAVAILABLE\\]: backend '${id}' is not available here: \\S`));
      expect(lines[1]).toBe('  fix: available backends: ort-cpu, ort-wasm, null (`npm run backends` lists why each other one is not)');
    }
    // eslint-disable-next-line no-control-regex -- an ANSI colour escape is what onnxruntime's red lines start with
    expect(r.stderr).not.toMatch(/\x1b\[|at operator\(\)|InitializeImpl|onnxruntime_src/);
  }, 240_000);
});
