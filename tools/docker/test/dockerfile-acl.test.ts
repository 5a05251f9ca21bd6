/**
 * Static checks of docker/Dockerfile.acl. It cannot be built here (arm64 only, about an hour of compiling on a big
 * machine), so everything that can be checked without building is: stages, pinned versions and digests, that each
 * download is verified, and that it agrees with docker/Dockerfile and the repo's onnxruntime-node.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { externalBases, finalStage, isRootUser, readDockerfile, runtimeUser, undeclaredGlobalArgs } from '../src/dockerfile-facts.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const facts = readDockerfile(join(ROOT, 'docker', 'Dockerfile.acl'));
const main = readDockerfile(join(ROOT, 'docker', 'Dockerfile'));
const runs = facts.stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN').map((i) => ({ stage: s.name, text: i.text })));

describe('docker/Dockerfile.acl', () => {
  it('has no parser directive', () => {
    expect(facts.directives).toEqual([]);
  });

  it('builds toolchain → ACL → onnxruntime, and the suite on top, in named stages', () => {
    expect(facts.stages.map((s) => s.name)).toEqual(['toolchain', 'acl', 'onnxruntime', 'manifests', 'deps', undefined]);
    const byName = Object.fromEntries(facts.stages.filter((s) => s.name).map((s) => [s.name!, s]));
    expect(byName.acl!.base.resolved).toBe('toolchain');
    expect(byName.onnxruntime!.base.resolved).toBe('toolchain');
    const last = finalStage(facts);
    const froms = last.instructions.filter((i) => i.keyword === 'COPY' && i.flags.from).map((i) => i.flags.from);
    expect(froms).toEqual(['deps', 'onnxruntime', 'onnxruntime']);
  });

  it('pins every build argument: exact versions, a full commit, a sha256, a snapshot time', () => {
    const a = facts.globalArgs;
    for (const [name, value] of Object.entries(a)) expect(value, `ARG ${name} has no default`).toBeTruthy();
    expect(a.NODE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(a.ONNXRUNTIME_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(a.ONNXRUNTIME_COMMIT).toMatch(/^[0-9a-f]{40}$/);
    expect(a.ACL_VERSION).toMatch(/^\d+\.\d+(\.\d+)?$/);
    expect(a.ACL_SHA256).toMatch(/^[0-9a-f]{64}$/);
    expect(a.DEBIAN_SNAPSHOT).toMatch(/^\d{8}T\d{6}Z$/);
    expect(a.CMAKE_VERSION).toMatch(/^\d+\.\d+\.\d+-[\w.~+]+$/);
    expect(a.BUILD_JOBS).toMatch(/^\d+$/);
  });

  it('uses the same pinned base image as docker/Dockerfile, never latest', () => {
    expect(facts.globalArgs.NODE_VERSION).toBe(main.globalArgs.NODE_VERSION);
    for (const b of externalBases(facts)) {
      expect(b.resolved).toBe(`node:${facts.globalArgs.NODE_VERSION}-bookworm-slim`);
      expect(b.tag).not.toBe('latest');
    }
    for (const s of facts.stages) expect(s.base.resolved).not.toMatch(/latest/);
  });

  it("builds the onnxruntime version the repo's onnxruntime-node has, and checks that in the image", () => {
    const backends = JSON.parse(readFileSync(join(ROOT, 'packages', 'backends', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(facts.globalArgs.ONNXRUNTIME_VERSION).toBe(backends.dependencies['onnxruntime-node']);
    expect(runs.some((r) => r.stage === 'deps' && r.text.includes("require('onnxruntime-node/package.json').version") && r.text.includes('${ONNXRUNTIME_VERSION}'))).toBe(true);
  });

  it('verifies every download: a sha256 for the tarball, the commit after the clone', () => {
    for (const r of runs) {
      if (/\b(curl|wget)\b[^;]*https?:\/\//.test(r.text)) expect(r.text, `${r.stage}: download without sha256sum -c`).toMatch(/sha256sum -c/);
      if (/git clone/.test(r.text)) expect(r.text, `${r.stage}: clone without a commit check`).toMatch(/rev-parse HEAD\)" = "\$\{ONNXRUNTIME_COMMIT\}"/);
    }
    expect(runs.some((r) => /curl/.test(r.text))).toBe(true);
    expect(runs.some((r) => /git clone/.test(r.text))).toBe(true);
  });

  it('takes Debian packages from the pinned snapshot only', () => {
    const apt = runs.find((r) => r.text.includes('apt-get install'))!;
    expect(apt.stage).toBe('toolchain');
    expect(apt.text).toContain('snapshot.debian.org/archive/debian/${DEBIAN_SNAPSHOT}');
    expect(apt.text).toMatch(/rm -f \/etc\/apt\/sources\.list\.d\/debian\.sources/);
    expect(apt.text).toContain('"cmake=${CMAKE_VERSION}"');
  });

  it('builds onnxruntime with the ACL EP and the Node binding, patched to know the acl provider', () => {
    const build = runs.find((r) => r.text.includes('./build.sh'))!;
    for (const flag of ['--use_acl', '--acl_home', '--acl_libs', '--build_nodejs', '--build_shared_lib', '--config Release']) expect(build.text).toContain(flag);
    expect(build.text).toContain('OrtSessionOptionsAppendExecutionProvider_ACL');
    const ort = facts.stages.find((s) => s.name === 'onnxruntime')!;
    const copy = ort.instructions.find((i) => i.keyword === 'COPY' && i.text.includes('patch-node-binding.mjs'))!;
    expect(existsSync(join(ROOT, copy.text.split(/\s+/)[0]!))).toBe(true);
    const cloneAndPatch = runs.find((r) => r.text.includes('git clone'))!;
    expect(cloneAndPatch.text.indexOf('rev-parse HEAD')).toBeLessThan(cloneAndPatch.text.indexOf('patch-node-binding.mjs'));
  });

  it('runs as a non-root user, with ONNXRUNTIME_NODE_INSTALL=skip, OCI labels and the pins as labels', () => {
    expect(isRootUser(runtimeUser(facts))).toBe(false);
    const last = finalStage(facts);
    expect(facts.stages.find((s) => s.name === 'deps')!.env.ONNXRUNTIME_NODE_INSTALL).toBe('skip');
    expect(last.env.ONNXRUNTIME_NODE_INSTALL).toBe('skip');
    for (const key of ['title', 'description', 'version', 'revision', 'created', 'base.name']) expect(last.labels[`org.opencontainers.image.${key}`]).toBeTruthy();
    expect(last.labels['org.modelbench.onnxruntime.commit']).toBe('${ONNXRUNTIME_COMMIT}');
  });

  it('fails its own build unless the backend listing shows ort-acl available', () => {
    const last = finalStage(facts);
    const user = last.instructions.findIndex((i) => i.keyword === 'USER');
    const probe = last.instructions.findIndex((i) => i.keyword === 'RUN' && i.text.includes('packages/backends/src/cli.ts'));
    expect(probe).toBeGreaterThan(user);
    expect(last.instructions[probe]!.text).toMatch(/grep -Eq '\^ort-acl \+available'/);
    expect(existsSync(join(ROOT, 'packages', 'backends', 'src', 'cli.ts'))).toBe(true);
  });

  it('redeclares in each stage every global ARG it uses', () => {
    expect(undeclaredGlobalArgs(facts)).toEqual([]);
  });
});
