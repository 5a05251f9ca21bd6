/**
 * The collector on real container output: the image run with Docker as a pod would run it. Needs a Docker daemon
 * and the image: it is SKIPPED (and says so) unless `docker info` answers and the image exists. Set DOCKER_HOST for
 * the build-test's private daemon (unix:///run/modelbench-docker/docker.sock) and MODELBENCH_FLEET_TEST_IMAGE
 * (default modelbench:build-test, what `nx run docker-tools:docker-build-test` builds; it runs the same check).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { containerCollectionProblems } from '../src/container-check.ts';

const image = process.env.MODELBENCH_FLEET_TEST_IMAGE ?? 'modelbench:build-test';

function dockerProblem(): string | null {
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
  if (info.error || info.status !== 0) return `no Docker daemon answers (${(info.error?.message ?? info.stderr.trim().split('\n').at(-1)) || 'docker info failed'})`;
  const inspect = spawnSync('docker', ['image', 'inspect', image], { encoding: 'utf8' });
  if (inspect.status !== 0) return `no image ${image} (build it, or set MODELBENCH_FLEET_TEST_IMAGE)`;
  return null;
}

const problem = dockerProblem();
if (problem) process.stderr.write(`fleet container test SKIPPED: ${problem}\n`);

describe.skipIf(problem !== null)(`the collector on the output of ${image} run as a pod`, () => {
  it('takes every record back byte for byte; output cut inside a record gives error cells, never a crash', async () => {
    const problems = await containerCollectionProblems({ docker: 'docker', dockerEnv: process.env, image, workload: 'resnet50', log: (l) => void process.stderr.write(l + '\n') });
    expect(problems).toEqual([]);
  }, 20 * 60_000);
});
