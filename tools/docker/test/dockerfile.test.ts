/** Static checks of docker/Dockerfile, read with a real Dockerfile parser (dockerfile-ast). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { externalBases, finalStage, isRootUser, readDockerfile, runtimeUser, undeclaredGlobalArgs, type StageFacts } from '../src/dockerfile-facts.ts';
import { POD_ENTRY } from '@modelbench/fleet';
import { nodeVersionOfBase } from '../src/standin.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const facts = readDockerfile(join(ROOT, 'docker', 'Dockerfile'));
const stage = (name: string): StageFacts => {
  const s = facts.stages.find((x) => x.name === name);
  if (!s) throw new Error(`no stage ${name}`);
  return s;
};
const index = (s: StageFacts, keyword: string, includes: string): number =>
  s.instructions.findIndex((i) => i.keyword === keyword && i.text.includes(includes));

describe('docker/Dockerfile', () => {
  it('has no parser directive (no # syntax= line: the classic builder must build it as written)', () => {
    expect(facts.directives).toEqual([]);
  });

  it('builds every stage FROM the official node bookworm-slim image, pinned by exact version, never latest', () => {
    const version = facts.globalArgs.NODE_VERSION;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const bases = externalBases(facts);
    expect(bases.length).toBe(facts.stages.length);
    for (const b of bases) {
      expect(b.resolved).toBe(`node:${version}-bookworm-slim`);
      expect(b.resolved).not.toMatch(/latest/);
      expect(nodeVersionOfBase(b.resolved)).toBe(version);
    }
  });

  it("uses the project's Node major version (the CI workflow's node-version)", () => {
    const ci = readFileSync(join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8');
    const major = /node-version:\s*['"]?(\d+)/.exec(ci)?.[1];
    expect(major).toBeDefined();
    expect(facts.globalArgs.NODE_VERSION!.split('.')[0]).toBe(major);
  });

  it('runs as the non-root user node, set before the entrypoint', () => {
    const user = runtimeUser(facts);
    expect(user).toBe('node');
    expect(isRootUser(user)).toBe(false);
    const last = finalStage(facts);
    expect(index(last, 'USER', 'node')).toBeLessThan(index(last, 'ENTRYPOINT', ''));
  });

  it('sets ONNXRUNTIME_NODE_INSTALL=skip where npm ci runs and in the image', () => {
    const deps = stage('deps');
    expect(deps.env.ONNXRUNTIME_NODE_INSTALL).toBe('skip');
    expect(index(deps, 'ENV', 'ONNXRUNTIME_NODE_INSTALL')).toBeLessThan(index(deps, 'RUN', 'npm ci'));
    expect(finalStage(facts).env.ONNXRUNTIME_NODE_INSTALL).toBe('skip');
  });

  it('installs dependencies from the manifests alone, before any source is copied', () => {
    const deps = stage('deps');
    const copies = deps.instructions.filter((i) => i.keyword === 'COPY');
    expect(copies.map((c) => c.flags.from)).toEqual(['manifests']);
    expect(index(deps, 'RUN', 'npm ci --omit=dev')).toBeGreaterThan(-1);
    const last = finalStage(facts);
    expect(index(last, 'COPY', '/app/')).toBeLessThan(index(last, 'COPY', 'packages/'));
    expect(last.instructions[index(last, 'COPY', '/app/')]!.flags.from).toBe('deps');
  });

  it("extracts the package.json of every workspace the root package.json declares", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
    const find = stage('manifests').instructions.find((i) => i.keyword === 'RUN' && i.text.includes('find '))!;
    for (const ws of pkg.workspaces) {
      const m = /^([\w-]+)\/\*$/.exec(ws);
      expect(m, `workspace glob ${ws} should be <folder>/*`).not.toBeNull();
      expect(find.text).toMatch(new RegExp(`find [^;]*\\b${m![1]}\\b`));
    }
    expect(find.text).toContain('-mindepth 2 -maxdepth 2 -name package.json');
  });

  it("installs only the workspaces the image runs (packages, tools/docker) and carries the fleet pods' entry", () => {
    const copies = stage('manifests').instructions.filter((i) => i.keyword === 'COPY').map((i) => i.text.split(/\s+/).slice(0, -1));
    expect(copies).toEqual([['package.json', 'package-lock.json'], ['packages/'], ['tools/docker/package.json']]);
    const last = finalStage(facts);
    expect(index(last, 'COPY', 'tools/fleet/src/')).toBeGreaterThan(index(last, 'COPY', '/app/'));
    // the command of the Jobs fleet render writes is a file this image has
    expect(POD_ENTRY.startsWith('/app/tools/fleet/src/')).toBe(true);
    expect(existsSync(join(ROOT, POD_ENTRY.slice('/app/'.length)))).toBe(true);
  });

  it('carries the OCI labels, the base name matching the FROM', () => {
    const labels = finalStage(facts).labels;
    for (const key of ['title', 'description', 'version', 'revision', 'created', 'base.name', 'documentation']) {
      expect(labels[`org.opencontainers.image.${key}`], key).toBeTruthy();
    }
    expect(labels['org.opencontainers.image.base.name']).toBe('docker.io/library/node:${NODE_VERSION}-bookworm-slim');
  });

  it('redeclares in each stage every global ARG it uses', () => {
    expect(undeclaredGlobalArgs(facts)).toEqual([]);
  });

  it('keeps generated models in the /models volume and starts the entrypoint that exists in the repo', () => {
    const last = finalStage(facts);
    expect(last.env.MODELBENCH_CACHE_DIR).toBe('/models');
    expect(last.instructions.find((i) => i.keyword === 'VOLUME')?.text).toContain('/models');
    const entry = last.instructions.find((i) => i.keyword === 'ENTRYPOINT')!;
    const argv = JSON.parse(entry.text) as string[];
    expect(argv.slice(0, 3)).toEqual(['node', '--import', 'tsx']);
    expect(argv[3]).toBe('/app/tools/docker/src/entrypoint.ts');
    expect(existsSync(join(ROOT, 'tools', 'docker', 'src', 'entrypoint.ts'))).toBe(true);
    expect(last.instructions.at(-1)).toMatchObject({ keyword: 'CMD', text: '[]' });
  });

  it('copies only paths that exist in the build context', () => {
    for (const s of facts.stages) {
      for (const c of s.instructions.filter((i) => i.keyword === 'COPY' && i.flags.from === undefined)) {
        const sources = c.text.split(/\s+/).slice(0, -1);
        for (const src of sources) expect(existsSync(join(ROOT, src)), `${s.name ?? 'final'}: COPY ${src}`).toBe(true);
      }
    }
  });
});

describe('.dockerignore', () => {
  const lines = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('keeps installs, caches, generated models and tests out of the context', () => {
    for (const p of ['**/node_modules', '.git', '.nx', '.cache', '.modelbench', '**/*.onnx', '**/test']) expect(lines).toContain(p);
  });

  it('does not exclude manifests, sources or the fixtures workloads read', () => {
    for (const l of lines) {
      expect(l).not.toMatch(/package(-lock)?\.json|^packages\/?$|^tools\/?$|fixtures|\*\*\/src/);
    }
  });
});
