/**
 * The `models` command: as a child process (tsx) for `list` and an exit-2 error, in-process (runModelsCli) for the
 * rest. Nothing here reaches the network: errors are raised before any request, and cached files are placed by hand.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchError } from '@modelbench/core';
import { CATALOGUE } from '../src/catalogue/catalogue.ts';
import { runModelsCli, type CliIo } from '../src/cli.ts';
import { GraphBuilder } from '@modelbench/onnx';
import { defineSyntheticBuilder, registerSyntheticBuilder } from '../src/synthetic-registry.ts';
import { cleanEnv, runTs } from './helpers/child.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mb-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), env: { MODELBENCH_PROGRESS: '0' }, cwd: dir };
  const code = await runModelsCli(argv, io);
  return { code, out, err };
}

async function usageFailure(argv: string[]): Promise<BenchError> {
  const e = await cli(argv).then(() => undefined, (x: unknown) => x);
  expect(e, argv.join(' ')).toBeInstanceOf(BenchError);
  expect((e as BenchError).exitCode, argv.join(' ')).toBe(2);
  return e as BenchError;
}

describe('models CLI (child process)', () => {
  it('`models list` shows every catalogue entry with its size and cache state; usage errors exit 2 with one line', async () => {
    const env = cleanEnv();
    const [list, offline] = await Promise.all([
      runTs('src/cli.ts', ['list', '--cache-dir', dir], { env }),
      runTs('src/cli.ts', ['fetch', 'resnet50-v1-12', '--offline', '--cache-dir', dir], { env }),
    ]);
    expect(list.code, list.stderr).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+workload\s+source\s+precision\s+size\s+sha256\s+cache$/);
    for (const e of CATALOGUE) expect(lines.some((l) => l.startsWith(`${e.id} `)), e.id).toBe(true);
    expect(lines.find((l) => l.startsWith('resnet50-v1-12 '))).toMatch(/resnet50\s+onnx-model-zoo\s+fp32\s+97\.8 MiB\s+pinned\s+absent$/);
    expect(lines.find((l) => l.startsWith('distilbert-squad-xenova '))).toMatch(/~253\.7 MiB\s+unpinned\s+absent$/);
    expect(lines.at(-1)).toBe(`cache: ${dir}`);

    expect(offline.code).toBe(2);
    expect(offline.stdout).toBe('');
    expect(offline.stderr.split('\n')[0]).toBe(
      `error [OFFLINE]: --offline: resnet50-v1-12 is not in the cache; expected ${join(dir, 'resnet50-v1-12.onnx')} (sha256 3f03fdef724b22947eed826f1eef1dc5c34151bb4c37d634f1db89dfa2dd1526, 102576593 bytes)`,
    );
  }, 30_000);
});

describe('models CLI (in process)', () => {
  it('rejects bad command lines before doing anything', async () => {
    expect((await usageFailure([])).message).toBe('a command is required: list, fetch, verify, path, synthesize');
    expect((await usageFailure(['download'])).message).toContain("unknown command 'download'");
    expect((await usageFailure(['list', '--bogus'])).message).toContain("Unknown option '--bogus'");
    expect((await usageFailure(['fetch'])).message).toContain('fetch needs at least one catalogue id');
    expect((await usageFailure(['fetch', 'ssd-12', 'no-such-model'])).code).toBe('MODEL_NOT_FOUND');
    expect((await usageFailure(['path'])).message).toBe('path takes exactly one catalogue id');
    expect((await usageFailure(['list', '--workload', 'yolo'])).message).toContain('--workload must be one of');
    expect((await usageFailure(['synthesize', 'yolo'])).message).toContain("unknown workload 'yolo'");
    expect((await usageFailure(['synthesize', 'ssd', '--set', 'oops'])).message).toBe("--set takes KEY=VALUE, got 'oops'");
  });

  it('synthesize with an option that builds an unusable model exits 2 with the range, building nothing', async () => {
    const cache = join(dir, 'unusable');
    for (const set of ['numClasses=0', 'imageSize=1']) {
      const e = await usageFailure(['synthesize', 'resnet50', '--set', set, '--cache-dir', cache]);
      expect(e.message).toMatch(new RegExp(`^--set ${set.split('=')[0]} must be a whole number from \\d+ to \\d+, got ${set.split('=')[1]}$`));
      expect(e.hint).toMatch(/^for example --set \w+=\d+ \(/);
    }
    expect(existsSync(cache)).toBe(false);
  });

  it('needs --allow-unpinned to fetch an unpinned entry', async () => {
    const e = await usageFailure(['fetch', 'distilbert-squad-xenova', '--cache-dir', join(dir, 'none')]);
    expect(e.message).toContain('no published sha256 (unpinned)');
    expect(e.hint).toContain('--allow-unpinned');
  });

  it('path / fetch --offline / list / verify work on a file placed in the cache by hand', async () => {
    const cache = join(dir, 'hand');
    mkdirSync(cache, { recursive: true });
    const tok = join(cache, 'distilbert-squad-xenova-tokenizer.json');
    writeFileSync(tok, '{"model":{"type":"WordPiece"}}');
    const sha = createHash('sha256').update('{"model":{"type":"WordPiece"}}').digest('hex');
    expect((await usageFailure(['path', 'ssd-12', '--cache-dir', cache])).message).toBe(`ssd-12 is not cached; expected ${join(cache, 'ssd-12.onnx')}`);
    expect(await cli(['path', 'distilbert-squad-xenova-tokenizer', '--cache-dir', cache])).toMatchObject({ code: 0, out: `${tok}\n` });
    const fetched = await cli(['fetch', 'distilbert-squad-xenova-tokenizer', '--offline', '--cache-dir', cache]);
    expect(fetched).toMatchObject({ code: 0, out: `${tok}\n` });
    expect(fetched.err).toContain(`already cached (sha256 ${sha}`);
    const listed = JSON.parse((await cli(['list', '--json', '--workload', 'bert', '--cache-dir', cache])).out) as { id: string; status: string }[];
    expect(listed.find((r) => r.id === 'distilbert-squad-xenova-tokenizer')?.status).toBe('cached');
    expect(listed.every((r) => r.id.includes('bert'))).toBe(true);
    const ok = await cli(['verify', '--cache-dir', cache]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^distilbert-squad-xenova-tokenizer\s+ok\s/m);
    writeFileSync(tok, '{"model":{"type":"BPE"}}');
    const bad = await cli(['verify', '--cache-dir', cache]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('MISMATCH');
    expect(bad.out).toContain(sha);
    expect(bad.err).toContain('error [CHECKSUM_MISMATCH]: 1 cached file(s) do not verify');
  });

  it('synthesize builds once and reuses; path gives the same file', async () => {
    const build = (o: { detections?: number }) => {
      const g = new GraphBuilder('t');
      const x = g.input('x', 'FLOAT', [1, 2]);
      g.op('Relu', [x], {}, 'y');
      g.output('y', 'FLOAT', [1, 2]);
      g.count(7, 11 * (o.detections ?? 1));
      return { id: 't', architecture: 'relu', bytes: g.toBytes(), parameters: g.parameters, macsPerSample: g.macs };
    };
    const undo = registerSyntheticBuilder(defineSyntheticBuilder({ workload: 'maskrcnn', version: 9, build }));
    try {
      const cache = join(dir, 'syn');
      const first = await cli(['synthesize', 'maskrcnn', '--cache-dir', cache]);
      expect(first.code).toBe(0);
      expect(first.out).toBe(`${join(cache, 'synthetic', 'maskrcnn-v9-default.onnx')}\n`);
      expect(first.err).toMatch(/^t: built in [\d.]+ s; 7 parameters, 11MAC per sample/);
      expect((await cli(['synthesize', 'maskrcnn', '--cache-dir', cache])).err).toMatch(/^t: reused from the cache/);
      expect((await cli(['path', 'maskrcnn-synthetic', '--cache-dir', cache])).out).toBe(first.out);
      const opt = await cli(['synthesize', 'maskrcnn', '--set', 'detections=3', '--cache-dir', cache]);
      expect(opt.err).toContain('33MAC per sample');
    } finally {
      undo();
    }
  });
});
