/**
 * `npx nx run docker-tools:docker-build-test` (root): builds docker/Dockerfile for real on this machine and runs it.
 * Installs docker.io/debootstrap when missing, starts a private dockerd, builds the stand-in base image under the
 * base image's exact name and tag, builds the image with the classic builder (no --pull), runs the checks in
 * container-checks.ts, and stops dockerd by its PID. When Docker cannot run here it prints SKIPPED and why, exits 0
 * (1 with --require-docker) — never a pass.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runContainerChecks, type CheckResult } from './container-checks.ts';
import { externalBases, readDockerfile } from './dockerfile-facts.ts';
import { defaultDaemonPaths, ensurePackages, SkipError, startDockerd, stopDockerd, type Daemon } from './dockerd.ts';
import { CommandError, runOk, which } from './proc.ts';
import { ensureStandIn } from './standin-build.ts';
import { nodeVersionOfBase, proxyBuildArgs } from './standin.ts';
import { discoverTools, discoverWorkloads } from './workloads.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CACHE_DIR = join(REPO_ROOT, '.cache', 'docker');
const IMAGE_TAG = 'modelbench:build-test';

const log = (line: string): void => void process.stderr.write(`docker-build-test: ${line}\n`);

interface Phase {
  name: string;
  seconds: number;
}

function gitRevision(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function phase<T>(phases: Phase[], name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  log(`${name} …`);
  try {
    return await fn();
  } finally {
    const seconds = (performance.now() - t0) / 1000;
    phases.push({ name, seconds });
    log(`${name}: ${seconds.toFixed(1)} s`);
  }
}

function dockerClient(): string {
  // Debian's client matches its daemon; a newer static client elsewhere on PATH also works (API negotiation).
  const docker = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : which('docker');
  if (docker === undefined) throw new SkipError('no docker client after installing docker.io');
  return docker;
}

async function buildAndCheck(phases: Phase[], daemon: Daemon, docker: string): Promise<CheckResult[]> {
  const dockerEnv = { ...process.env, DOCKER_HOST: `unix://${daemon.paths.socket}` };
  const facts = readDockerfile(join(REPO_ROOT, 'docker', 'Dockerfile'));
  const bases = [...new Set(externalBases(facts).map((b) => b.resolved))];
  if (bases.length !== 1) throw new Error(`docker/Dockerfile should use one external base image, found: ${bases.join(', ')}`);
  const baseRef = bases[0]!;
  const nodeVersion = nodeVersionOfBase(baseRef);
  if (`v${nodeVersion}` !== process.version) log(`note: the image's Node is ${nodeVersion}, this machine's ${process.version}`);

  await phase(phases, `stand-in ${baseRef}`, () =>
    ensureStandIn({ docker, dockerEnv, cacheDir: CACHE_DIR, baseRef, nodeVersion, arch: process.arch, log }),
  );
  const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  await phase(phases, `build docker/Dockerfile → ${IMAGE_TAG}`, () =>
    runOk(
      docker,
      [
        'build', '--network', 'host', '-f', 'docker/Dockerfile', '-t', IMAGE_TAG,
        '--build-arg', `VERSION=${version}`,
        '--build-arg', `REVISION=${gitRevision()}`,
        '--build-arg', `CREATED=${new Date().toISOString()}`,
        ...proxyBuildArgs(process.env),
        '.',
      ],
      { env: { ...dockerEnv, DOCKER_BUILDKIT: '0' }, cwd: REPO_ROOT, timeoutMs: 40 * 60_000, echo: '  build | ' },
    ),
  );
  const size = await runOk(docker, ['image', 'inspect', '--format', '{{.Size}}', IMAGE_TAG], { env: dockerEnv });
  log(`image ${IMAGE_TAG}: ${(Number(size.stdout.trim()) / 2 ** 20).toFixed(0)} MiB`);
  const workloads = discoverWorkloads(REPO_ROOT);
  log(`workloads in this checkout: ${workloads.join(', ')}`);
  const results = await phase(phases, 'container checks', () => runContainerChecks({ docker, dockerEnv, image: IMAGE_TAG, workloads, tools: discoverTools(REPO_ROOT), log }));
  await runOk(docker, ['image', 'prune', '-f'], { env: dockerEnv }).catch(() => undefined);
  return results;
}

async function main(argv: string[]): Promise<number> {
  const requireDocker = argv.includes('--require-docker');
  const unknown = argv.filter((a) => a !== '--require-docker');
  if (unknown.length) {
    process.stderr.write(`error [USAGE]: docker-build-test: unexpected argument '${unknown[0]}'\n  fix: the only flag is --require-docker (a skip fails)\n`);
    return 2;
  }
  const started = performance.now();
  const phases: Phase[] = [];
  let daemon: Daemon | undefined;
  try {
    if (process.platform !== 'linux') throw new SkipError(`Docker's daemon runs on Linux; this is ${process.platform}`);
    mkdirSync(CACHE_DIR, { recursive: true });
    await phase(phases, 'ensure docker.io and debootstrap', () => ensurePackages(log));
    const docker = dockerClient();
    daemon = await phase(phases, 'start dockerd', () => startDockerd(defaultDaemonPaths(CACHE_DIR), docker));
    log(`dockerd pid ${daemon.pid}, socket ${daemon.paths.socket}, log ${daemon.paths.logFile}`);
    const results = await buildAndCheck(phases, daemon, docker);
    const failed = results.filter((r) => r.problems.length > 0);
    for (const r of results) {
      process.stdout.write(`${r.problems.length ? 'FAIL' : 'ok  '} ${r.name} (${r.seconds.toFixed(1)} s)${r.problems.map((p) => `\n       - ${p}`).join('')}\n`);
    }
    const total = (performance.now() - started) / 1000;
    process.stdout.write(`docker-build-test: ${failed.length ? 'FAILED' : 'PASSED'} — ${results.length - failed.length}/${results.length} checks, ${total.toFixed(0)} s (${phases.map((p) => `${p.name} ${p.seconds.toFixed(0)} s`).join(', ')})\n`);
    return failed.length ? 1 : 0;
  } catch (e) {
    if (e instanceof SkipError) {
      process.stdout.write(`docker-build-test: SKIPPED — Docker cannot run here: ${e.message}\n`);
      return requireDocker ? 1 : 0;
    }
    const message = e instanceof CommandError || e instanceof Error ? e.message : String(e);
    process.stdout.write(`docker-build-test: FAILED — ${message}\n`);
    return 1;
  } finally {
    if (daemon) {
      await stopDockerd(daemon);
      log(`stopped dockerd (pid ${daemon.pid})`);
    }
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
