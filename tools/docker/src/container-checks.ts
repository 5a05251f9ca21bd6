/**
 * The runs the build-test makes of the built image, each judged by checks.ts. Every run is `--network none` (the
 * image must benchmark offline) and as the image's own user.
 */
import { chownSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outcomeProblems, recordProblems, targetProblems, userProblems, type Expectation } from './checks.ts';
import { readOnlyEmptyCacheLines, unknownCommandLines, unknownFlagLines } from './expected-messages.ts';
// the fleet's pod entry runs in this image (docker/Dockerfile copies tools/fleet/src); not a dependency of the image's
// install, so not in package.json: the build-test runs on the host, where the workspace has it
import { containerCollectionProblems } from '@modelbench/fleet';
import { run, type RunResult } from './proc.ts';

export interface CheckResult {
  name: string;
  seconds: number;
  problems: string[];
}

export interface CheckContext {
  docker: string;
  dockerEnv: NodeJS.ProcessEnv;
  image: string;
  workloads: readonly string[];
  /** the workspace tools the image exposes by name (backends, models), as the entrypoint finds them */
  tools: Readonly<Record<string, string>>;
  log: (line: string) => void;
}

/** Small enough to be quick, real enough to load every model and time one batch. */
export const QUICK_FLAGS = ['--batch', '1', '--iterations', '1', '--warmup', '0', '--no-calibration'];
const IMAGE_UID = 1000;

function docker(ctx: CheckContext, args: string[], timeoutMs: number, echo?: string): Promise<RunResult> {
  return run(ctx.docker, args, { env: ctx.dockerEnv, timeoutMs, ...(echo === undefined ? {} : { echo }) });
}

async function timed(name: string, fn: () => Promise<string[]>): Promise<CheckResult> {
  const t0 = performance.now();
  let problems: string[];
  try {
    problems = await fn();
  } catch (e) {
    problems = [`check crashed: ${(e as Error).message}`];
  }
  return { name, seconds: (performance.now() - t0) / 1000, problems };
}

async function expectRun(ctx: CheckContext, runArgs: string[], e: Expectation, timeoutMs = 5 * 60_000): Promise<string[]> {
  const r = await docker(ctx, ['run', '--rm', '--network', 'none', ...runArgs], timeoutMs);
  const problems = outcomeProblems(r, e);
  if (problems.length) problems.push(`stderr ends: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return problems;
}

export async function runContainerChecks(ctx: CheckContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const suffix = `${process.pid}`;
  const modelsVolume = `modelbench-build-test-models-${suffix}`;
  const emptyVolume = `modelbench-build-test-empty-${suffix}`;
  const outDir = mkdtempSync(join(tmpdir(), 'modelbench-build-test-out-'));
  chownSync(outDir, IMAGE_UID, IMAGE_UID);
  try {
    await docker(ctx, ['volume', 'create', modelsVolume], 60_000);
    await docker(ctx, ['volume', 'create', emptyVolume], 60_000);

    results.push(
      await timed('runs as a non-root user', async () => {
        const inspect = await docker(ctx, ['image', 'inspect', '--format', '{{.Config.User}}', ctx.image], 60_000);
        const id = await docker(ctx, ['run', '--rm', '--network', 'none', '--entrypoint', 'id', ctx.image, '-u'], 60_000);
        return userProblems(inspect.stdout, id.stdout);
      }),
    );

    results.push(
      await timed(`every workload's performance prints its TARGET line (${ctx.workloads.join(', ')})`, async () => {
        ctx.log(`docker run ${ctx.image} ${QUICK_FLAGS.join(' ')} --json out/{workload}.json (models generated into volume ${modelsVolume})`);
        const r = await docker(
          ctx,
          ['run', '--rm', '--network', 'none', '-v', `${modelsVolume}:/models`, '-v', `${outDir}:/app/out`, ctx.image, ...QUICK_FLAGS, '--json', 'out/{workload}.json'],
          30 * 60_000,
          '  container | ',
        );
        process.stdout.write(`--- container stdout (${ctx.image} ${QUICK_FLAGS.join(' ')}) ---\n${r.stdout}--- end ---\n`);
        const problems = [...outcomeProblems(r, { exit: 0 }), ...targetProblems(r.stdout, ctx.workloads)];
        for (const w of ctx.workloads) {
          const file = join(outDir, `${w}.json`);
          if (!existsSync(file)) problems.push(`no record out/${w}.json in the mounted folder`);
          else problems.push(...recordProblems(readFileSync(file, 'utf8'), w).map((p) => `out/${w}.json: ${p}`));
        }
        return problems;
      }),
    );

    results.push(
      await timed('an unknown workload exits 2 naming it', () =>
        expectRun(ctx, [ctx.image, 'nosuchworkload'], { exit: 2, stderrIncludes: unknownCommandLines('nosuchworkload', { workloads: ctx.workloads, tools: ctx.tools }) }),
      ),
    );
    results.push(
      await timed("an unknown flag exits 2 with the CLI's message", () =>
        expectRun(ctx, [ctx.image, '--no-such-flag'], { exit: 2, stderrIncludes: unknownFlagLines('--no-such-flag', ctx.workloads[0] ?? 'resnet50') }),
      ),
    );
    results.push(
      await timed('a read-only empty model cache gives a clear error', () =>
        expectRun(ctx, ['-v', `${emptyVolume}:/models:ro`, ctx.image, ctx.workloads[0] ?? 'resnet50', 'performance', ...QUICK_FLAGS], {
          exit: 'nonzero',
          // the entrypoint's warning names the cause; the models package's error then names the folder and why
          stderrIncludes: readOnlyEmptyCacheLines('/models', IMAGE_UID),
        }),
      ),
    );
    results.push(
      await timed('a read-only cache that holds the models is used', () =>
        expectRun(ctx, ['-v', `${modelsVolume}:/models:ro`, ctx.image, ctx.workloads[0] ?? 'resnet50', 'performance', ...QUICK_FLAGS], {
          exit: 0,
          stdoutIncludes: [`[TARGET] ${ctx.workloads[0] ?? 'resnet50'} Time`],
        }),
      ),
    );
    results.push(
      await timed("fleet: the collector takes every cell's record back from a pod's output, byte for byte, and cut output gives error cells", () =>
        containerCollectionProblems({ docker: ctx.docker, dockerEnv: ctx.dockerEnv, image: ctx.image, workload: ctx.workloads[0] ?? 'resnet50', modelsVolume, log: ctx.log }),
      ),
    );
    results.push(
      await timed('`backends` lists ort-cpu as available', () =>
        expectRun(ctx, [ctx.image, 'backends'], { exit: 0, stdoutIncludes: ['ort-cpu', 'available'] }),
      ),
    );
  } finally {
    await docker(ctx, ['volume', 'rm', '-f', modelsVolume, emptyVolume], 60_000);
    rmSync(outDir, { recursive: true, force: true });
  }
  return results;
}
