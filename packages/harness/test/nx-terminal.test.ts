/**
 * `nx run` and `nx run-many` in a pseudo-terminal, as a person types them, with Nx's own options in each spelling Nx
 * accepts beside the batch flag in each of its forms: the batch reaches the workload (the record says so), every
 * line ends as a terminal expects (CR LF, no staircase of bare line feeds), the run's progress shows as a live line
 * redrawn in place and cleared before the [TARGET] line (the workspace's default output style streams the task's
 * own terminal), a run-many ends with the summary table of its records, and a stray bare number is refused with the
 * fix. util-linux `script` provides the terminal.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '@modelbench/onnx';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'mb-nx-tty-'));
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasScript) console.warn('SKIPPED nx-terminal tests: util-linux `script` (the pseudo-terminal) is not installed');

/** [N,3,224,224] → GlobalAveragePool → Flatten → [N,3]→MatMul→[N,1000]: the torchvision ResNet50 signature, tiny. */
function tinyClassifier(): Uint8Array {
  const g = new GraphBuilder('tiny-resnet-signature');
  g.input('x', 'FLOAT', ['N', 3, 224, 224]);
  const pooled = g.op('GlobalAveragePool', ['x']);
  const flat = g.op('Flatten', [pooled], { axis: { kind: 'int', value: 1 } });
  const w = g.initializer('w', 'FLOAT', [3, 1000], new Float32Array(3000).fill(0.001));
  g.op('MatMul', [flat, w], {}, 'y');
  g.output('y', 'FLOAT', ['N', 1000]);
  return g.toBytes();
}
const model = join(dir, 'tiny.onnx');
writeFileSync(model, tinyClassifier());

/** The environment of a person's shell: none of the Nx task variables of the test run around us. */
function shellEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(NX_|MODELBENCH_NX_|MODELBENCH_PROGRESS$)/.test(k)) env[k] = v;
  return { ...env, MODELBENCH_CACHE_DIR: join(dir, 'cache'), TERM: 'xterm-256color' };
}

function nxInTerminal(words: string): { status: number | null; screen: string } {
  const command = `npx nx ${words} --model ${model} --iterations 2 --warmup 1 --no-calibration`;
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: root, env: shellEnv(), encoding: 'utf8', timeout: 170_000 });
  return { status: r.status, screen: r.stdout };
}

const CLEAR_LINE = '\x1b[2K';
const PROGRESS = '[resnet50 performance]';

function bareLineFeeds(screen: string): number {
  return (screen.match(/(^|[^\r])\n/g) ?? []).length;
}

describe.skipIf(!hasScript)('nx in a terminal', () => {
  const many = 'run-many -t performance -p resnet50';
  for (const [words, batch] of [
    ['run resnet50:performance --batch 2', 2],
    ['run resnet50:performance --skipNxCache --batch=3', 3],
    ['run resnet50:performance --batch-size 1 --skip-nx-cache', 1],
    [`${many} --maxParallel 1 --batch 4`, 4],
    [`${many} --max-parallel=1 --batch=5 --outputStyle=stream-without-prefixes`, 5],
  ] as const) {
    it(`nx ${words}: the record has batch ${batch}, the TARGET line shows, every line ends in CR LF, progress as a live line`, () => {
      const json = join(dir, `{workload}-b${batch}.json`);
      const r = nxInTerminal(`${words} --json ${json}`);
      expect(r.status, r.screen).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, `resnet50-b${batch}.json`), 'utf8')).config.batch).toBe(batch);
      expect(r.screen).toMatch(/\[TARGET\] resnet50 Time \d+\.\d{6}\r\n/);
      expect(bareLineFeeds(r.screen), r.screen).toBe(0);
      // every phase drawn in place, the timed one counted to the end, and the line cleared before the tables
      const redraw = `\r${CLEAR_LINE}${PROGRESS}`;
      for (const phase of ['resolving model', 'loading session', 'warm-up 1 of 1', 'timed iterations 2 of 2']) expect(r.screen, r.screen).toContain(`${redraw} ${phase}`);
      const lastFrame = r.screen.lastIndexOf(PROGRESS);
      const clear = r.screen.indexOf(`\r${CLEAR_LINE}`, lastFrame);
      expect(clear, r.screen).toBeGreaterThan(lastFrame);
      expect(clear).toBeLessThan(r.screen.indexOf('[TARGET]'));
      if (words.startsWith('run-many')) expect(r.screen).toMatch(new RegExp(`modelbench summary[^\\n]*\\r\\nworkload +mode +batch[^\\n]*\\r\\nresnet50 +performance +${batch} +fp32 `));
    }, 180_000);
  }

  it("nx run resnet50:performance --help: after run-commands' options, the mode's own flags", () => {
    const r = spawnSync('script', ['-qec', 'npx nx run resnet50:performance --help', '/dev/null'], { cwd: root, env: shellEnv(), encoding: 'utf8', timeout: 170_000 });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('usage: resnet50 performance [flags]');
    expect(r.stdout).toMatch(/--batch N +samples per timed call/);
  }, 180_000);

  it('nx run resnet50:performance 7: a stray bare word is refused with the fix', () => {
    const r = nxInTerminal('run resnet50:performance 7');
    expect(r.status).toBe(1);
    expect(r.screen).toContain("error [USAGE]: resnet50 performance: unexpected argument '7'");
    expect(r.screen).toContain('-- --batch 7');
  }, 180_000);
});
