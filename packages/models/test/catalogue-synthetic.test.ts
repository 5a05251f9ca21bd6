/** The synthetic builder registry and the synthetic model cache (built once per builder version and options). */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { resolveCatalogueModel } from '../src/catalogue/resolve.ts';
import { GraphBuilder } from '@modelbench/onnx';
import { canonicalJson, getSyntheticModel, optionsKey } from '../src/synthetic-cache.ts';
import { defineSyntheticBuilder, getSyntheticBuilder, registerSyntheticBuilder, registeredSyntheticWorkloads } from '../src/synthetic-registry.ts';
import type { SyntheticModel } from '../src/synthetic/types.ts';

let builds = 0;
function buildTiny(options: { width?: number; seed?: number }): SyntheticModel {
  builds++;
  const width = options.width ?? 8;
  const g = new GraphBuilder('tiny-maskrcnn');
  const x = g.input('image', 'FLOAT', [3, 'height', 'width']);
  const w = Float32Array.from({ length: width * width }, (_, i) => Math.cos(i + (options.seed ?? 0)));
  const wt = g.initializer('w', 'FLOAT', [width, width], w, true);
  g.op('MatMul', [x, wt], {}, 'y');
  g.output('y', 'FLOAT', [3, 'height', width]);
  g.count(0, width * width);
  return { id: 'tiny', architecture: 'one MatMul', bytes: g.toBytes(), parameters: g.parameters, macsPerSample: g.macs, details: { width, anchors: [1, 2, 3] } };
}

let dir: string;
let unregister: () => void;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mb-syn-'));
  builds = 0;
  unregister = registerSyntheticBuilder(defineSyntheticBuilder({ workload: 'maskrcnn', version: 3, build: buildTiny }));
});
afterEach(() => {
  unregister();
  rmSync(dir, { recursive: true, force: true });
});

describe('synthetic registry', () => {
  it('has the built-in builders and lists them when asked for a missing one', () => {
    expect(registeredSyntheticWorkloads()).toEqual(expect.arrayContaining(['resnet50', 'ssd', 'bert', 'maskrcnn']));
    unregister();
    unregister = () => undefined;
    const list = registeredSyntheticWorkloads();
    let error: BenchError | undefined;
    try {
      getSyntheticBuilder('nope');
    } catch (e) {
      error = e as BenchError;
    }
    expect(error?.code).toBe('MODEL_NOT_FOUND');
    expect(error?.hint).toBe(`registered: ${list.join(', ')}`);
  });
});

describe('getSyntheticModel', () => {
  it('builds once, then returns the cached file with its counts and details from the sidecar', async () => {
    const first = await getSyntheticModel('maskrcnn', { cacheDir: dir });
    expect(first).toMatchObject({ cacheHit: false, parameters: 64, macsPerSample: 64, details: { width: 8, anchors: [1, 2, 3] }, builderVersion: 3 });
    expect(first.path).toBe(join(dir, 'synthetic', 'maskrcnn-v3-default.onnx'));
    expect(first.sha256).toBe(createHash('sha256').update(readFileSync(first.path)).digest('hex'));
    const second = await getSyntheticModel('maskrcnn', { cacheDir: dir });
    expect(builds).toBe(1);
    expect(second).toMatchObject({ cacheHit: true, path: first.path, sha256: first.sha256, sizeBytes: first.sizeBytes, parameters: 64, macsPerSample: 64, details: first.details });
    expect(readdirSync(join(dir, 'synthetic')).sort()).toEqual(['maskrcnn-v3-default.json', 'maskrcnn-v3-default.onnx']);
  });

  it('keys the cache by options (in any key order) and by builder version', async () => {
    const a = await getSyntheticModel('maskrcnn', { cacheDir: dir, options: { width: 4, seed: 1 } });
    const b = await getSyntheticModel('maskrcnn', { cacheDir: dir, options: { seed: 1, width: 4 } });
    expect(b.cacheHit).toBe(true);
    expect(a.parameters).toBe(16);
    expect(a.path).toBe(join(dir, 'synthetic', `maskrcnn-v3-${optionsKey({ seed: 1, width: 4 })}.onnx`));
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: true } })).toBe('{"a":{"c":true,"d":[1,{"x":1,"y":2}]},"b":1}');
    const undo = registerSyntheticBuilder(defineSyntheticBuilder({ workload: 'maskrcnn', version: 4, build: buildTiny }));
    try {
      const c = await getSyntheticModel('maskrcnn', { cacheDir: dir, options: { width: 4, seed: 1 } });
      expect(c.cacheHit).toBe(false);
      expect(c.path).toContain('maskrcnn-v4-');
    } finally {
      undo();
    }
    expect(builds).toBe(2);
  });

  it('rebuilds when the sidecar is damaged or the model file is missing or short', async () => {
    const first = await getSyntheticModel('maskrcnn', { cacheDir: dir });
    writeFileSync(first.path.replace(/\.onnx$/, '.json'), '{ not json');
    expect((await getSyntheticModel('maskrcnn', { cacheDir: dir })).cacheHit).toBe(false);
    writeFileSync(first.path, 'short');
    expect((await getSyntheticModel('maskrcnn', { cacheDir: dir })).cacheHit).toBe(false);
    rmSync(first.path);
    const last = await getSyntheticModel('maskrcnn', { cacheDir: dir });
    expect(last.cacheHit).toBe(false);
    expect(existsSync(last.path)).toBe(true);
    expect(builds).toBe(4);
    expect(readdirSync(join(dir, 'synthetic')).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
  });

  it('builds once when two callers ask at the same time', async () => {
    const [a, b] = await Promise.all([getSyntheticModel('maskrcnn', { cacheDir: dir, lock: { pollMs: 5 } }), getSyntheticModel('maskrcnn', { cacheDir: dir, lock: { pollMs: 5 } })]);
    expect(builds).toBe(1);
    expect(a.sha256).toBe(b.sha256);
  });

  it('is what resolveCatalogueModel returns for a synthetic catalogue entry', async () => {
    const r = await resolveCatalogueModel('maskrcnn-synthetic', { cacheDir: dir });
    expect(r).toMatchObject({ origin: 'synthetic', path: join(dir, 'synthetic', 'maskrcnn-v3-default.onnx'), parameters: 64, macsPerSample: 64 });
  });
});
