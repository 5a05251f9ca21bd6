/** The catalogue table: sound, complete, equal to the pinned Zoo facts; ids are safe file names; cache folder choice. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { chooseCacheDir } from '../src/cache-dir.ts';
import { CATALOGUE, cacheFileName, getCatalogueEntry, isSafeId, validateCatalogue } from '../src/catalogue/catalogue.ts';
import { isRemote, type CatalogueEntry, type RemoteEntry } from '../src/catalogue/types.ts';

// the Model Zoo's pinned table beside the repository (../shared/data), not copied into it
const ZOO_JSON = fileURLToPath(new URL('../../../../shared/data/zoo-models.json', import.meta.url));
const TYPE: Record<string, string> = { 'tensor(float)': 'float32', 'tensor(int64)': 'int64' };

interface ZooJson {
  models: {
    name: string;
    onnx: { sha256: string; size_bytes: number; url: string };
    io: { inputs: { name: string; shape: (string | number)[]; type: string }[]; outputs: { name: string; shape: (string | number)[]; type: string }[] };
  }[];
}

const zooEntries = CATALOGUE.filter((e): e is RemoteEntry => e.source === 'onnx-model-zoo');

describe('catalogue table', () => {
  it('is sound: unique safe ids, http(s) URLs, well-formed pins, companions that exist', () => {
    expect(validateCatalogue(CATALOGUE)).toEqual([]);
  });

  it('holds the thirteen Zoo models, the DistilBERT export with its tokenizer, and a synthetic entry per workload', () => {
    expect(zooEntries.map((e) => e.id).sort()).toEqual(
      ['resnet50-v1-12', 'resnet50-v1-12-int8', 'resnet50-v1-12-qdq', 'resnet50-v1-7', 'resnet50-v2-7', 'ssd-12', 'ssd-12-int8', 'ssd-12-qdq', 'MaskRCNN-12', 'MaskRCNN-12-int8', 'MaskRCNN-12-qdq', 'bertsquad-12', 'bertsquad-12-int8'].sort(),
    );
    const synthetic = CATALOGUE.filter((e) => e.source === 'synthetic');
    expect(synthetic.map((e) => e.workload).sort()).toEqual(['bert', 'maskrcnn', 'resnet50', 'ssd']);
    const distil = getCatalogueEntry('distilbert-squad-xenova') as RemoteEntry;
    expect(distil.pin).toBeNull();
    expect(distil.urls[0]).toBe('https://huggingface.co/Xenova/distilbert-base-uncased-distilled-squad/resolve/main/onnx/model.onnx');
    expect(distil.companions).toEqual(['distilbert-squad-xenova-tokenizer']);
    expect((getCatalogueEntry('distilbert-squad-xenova-tokenizer') as RemoteEntry).urls[0]).toMatch(/\/resolve\/main\/tokenizer\.json$/);
    // every Zoo entry is pinned; only publisher exports are not
    expect(CATALOGUE.filter((e) => isRemote(e) && e.pin === null).every((e) => e.source === 'export')).toBe(true);
  });

  it('lists the Hugging Face mirror first and GitHub second for every Zoo model', () => {
    for (const e of zooEntries) {
      expect(e.urls).toHaveLength(2);
      expect(e.urls[0]).toBe(`https://huggingface.co/onnxmodelzoo/${e.id}/resolve/main/${e.id}.onnx`);
      expect(e.urls[1]).toMatch(new RegExp(`^https://github\\.com/onnx/models/raw/main/validated/.+/${e.id}\\.onnx$`));
    }
  });

  it.skipIf(!existsSync(ZOO_JSON))('matches shared/data/zoo-models.json: sha256, size, GitHub URL and I/O of every model', () => {
    const zoo = JSON.parse(readFileSync(ZOO_JSON, 'utf8')) as ZooJson;
    expect(zoo.models.map((m) => m.name).sort()).toEqual(zooEntries.map((e) => e.id).sort());
    for (const m of zoo.models) {
      const e = getCatalogueEntry(m.name) as RemoteEntry;
      expect(e.pin, m.name).toEqual({ sha256: m.onnx.sha256, sizeBytes: m.onnx.size_bytes });
      expect(e.urls[1]).toBe(m.onnx.url);
      const io = (list: ZooJson['models'][number]['io']['inputs']) => list.map((t) => ({ name: t.name, type: TYPE[t.type], shape: t.shape }));
      expect(e.signature, m.name).toEqual({ inputs: io(m.io.inputs), outputs: io(m.io.outputs) });
    }
  });

  it('finds entries by id and workload, and lists the known ids when it cannot', () => {
    expect(getCatalogueEntry('ssd-12').workload).toBe('ssd');
    const unknown = (() => {
      try {
        getCatalogueEntry('resnet51');
      } catch (e) {
        return e as BenchError;
      }
    })();
    expect(unknown?.code).toBe('MODEL_NOT_FOUND');
    expect(unknown?.hint).toContain('resnet50-v1-12');
    expect(() => getCatalogueEntry('ssd-12', { workload: 'resnet50' })).toThrow(/is a ssd model, not resnet50/);
  });

  it('flags broken tables', () => {
    const base = getCatalogueEntry('ssd-12') as RemoteEntry;
    const bad: CatalogueEntry[] = [
      base,
      { ...base },
      { ...base, id: '../evil' },
      { ...base, id: 'badpin', pin: { sha256: 'XYZ', sizeBytes: -1 } },
      { ...base, id: 'ftp', urls: ['ftp://example.com/x.onnx'] },
      { ...base, id: 'lonely', companions: ['nowhere'] },
    ];
    expect(validateCatalogue(bad)).toEqual([
      'ssd-12: duplicate id',
      '../evil: id is not a safe file name',
      'badpin: sha256 is not 64 lowercase hex digits',
      'badpin: bad size',
      'ftp: not an http(s) URL: ftp://example.com/x.onnx',
      'lonely: companion nowhere is not in the catalogue',
    ]);
  });

  it('names cache files after the id and format only', () => {
    expect(cacheFileName({ id: 'MaskRCNN-12', format: 'onnx' })).toBe('MaskRCNN-12.onnx');
    expect(cacheFileName({ id: 'distilbert-squad-xenova-tokenizer', format: 'json' })).toBe('distilbert-squad-xenova-tokenizer.json');
    for (const id of ['..', '../x', 'a/b', 'a\\b', '.hidden', '', 'a..b']) {
      expect(isSafeId(id), id).toBe(false);
      expect(() => cacheFileName({ id, format: 'onnx' })).toThrow(BenchError);
    }
  });
});

describe('cache folder', () => {
  it('takes the flag, then MODELBENCH_CACHE_DIR, then <repo>/.modelbench/models, then the user cache', () => {
    const root = mkdtempSync(join(tmpdir(), 'mb-root-'));
    try {
      const repo = join(root, 'repo');
      const deep = join(repo, 'packages', 'x');
      mkdirSync(deep, { recursive: true });
      writeFileSync(join(repo, 'nx.json'), '{}');
      const env = { MODELBENCH_CACHE_DIR: 'rel/cache' };
      expect(chooseCacheDir({ flag: 'mine', env, cwd: deep })).toEqual({ path: join(deep, 'mine'), source: 'flag' });
      expect(chooseCacheDir({ env, cwd: deep })).toEqual({ path: join(deep, 'rel/cache'), source: 'env' });
      expect(chooseCacheDir({ env: {}, cwd: deep, searchFrom: [deep] })).toEqual({ path: join(repo, '.modelbench', 'models'), source: 'repo' });
      // a home folder given as data (never read): outside a checkout the cache goes under it
      const home = join(root, 'home-of-u');
      expect(chooseCacheDir({ env: {}, cwd: root, searchFrom: [root], home })).toEqual({ path: join(home, '.cache', 'modelbench'), source: 'home' });
      expect(chooseCacheDir({ env: { XDG_CACHE_HOME: '/xdg' }, cwd: root, searchFrom: [root] }).path).toBe('/xdg/modelbench');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
