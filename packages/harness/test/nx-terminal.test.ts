/**
 * `nx run` in a pseudo-terminal, as a person types it: the batch flag in each of its forms reaches the workload
 * (the record says so), every line ends as a terminal expects (CR LF, no staircase of bare line feeds), and the run's
 * progress shows: a live line redrawn in place where the task has the terminal, cleared before the [TARGET] line;
 * plain whole lines under Nx's batch mode (`--batch`, where the task runs on pipes). util-linux `script` provides the
 * terminal.
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

function nxInTerminal(batchWords: string, json: string): { status: number | null; screen: string } {
  const command = `npx nx run resnet50:performance --model ${model} ${batchWords} --iterations 2 --warmup 1 --no-calibration --json ${json}`;
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: root, env: shellEnv(), encoding: 'utf8', timeout: 170_000 });
  return { status: r.status, screen: r.stdout };
}

const CLEAR_LINE = '\x1b[2K';
const PROGRESS = '[resnet50 performance]';

function bareLineFeeds(screen: string): number {
  return (screen.match(/(^|[^\r])\n/g) ?? []).length;
}

describe.skipIf(!hasScript)('nx run in a terminal', () => {
  for (const [words, batch, live] of [
    ['--batch 2', 2, false],
    ['--batch=3', 3, false],
    ['--batch-size 1', 1, true],
  ] as const) {
    it(`${words}: the record has batch ${batch}, the TARGET line shows, every line ends in CR LF, progress ${live ? 'as a live line' : 'as plain lines'}`, () => {
      const json = join(dir, `b${batch}.json`);
      const r = nxInTerminal(words, json);
      expect(r.status, r.screen).toBe(0);
      expect(JSON.parse(readFileSync(json, 'utf8')).config.batch).toBe(batch);
      expect(r.screen).toMatch(/\[TARGET\] resnet50 Time \d+\.\d{6}\r\n/);
      expect(bareLineFeeds(r.screen), r.screen).toBe(0);
      const redraw = `\r${CLEAR_LINE}${PROGRESS}`;
      if (live) {
        // every phase drawn in place, the timed one counted to the end, and the line cleared before the tables
        for (const phase of ['resolving model', 'loading session', 'warm-up 1 of 1', 'timed iterations 2 of 2']) expect(r.screen, r.screen).toContain(`${redraw} ${phase}`);
        const lastFrame = r.screen.lastIndexOf(PROGRESS);
        const clear = r.screen.indexOf(`\r${CLEAR_LINE}`, lastFrame);
        expect(clear, r.screen).toBeGreaterThan(lastFrame);
        expect(clear).toBeLessThan(r.screen.indexOf('[TARGET]'));
      } else {
        // a log line of its own (Nx prefixes it with the project), never a redraw that would garble Nx's lines
        expect(r.screen, r.screen).toMatch(/\[resnet50 performance\] resolving model · elapsed \d+:\d\d\r\n/);
        expect(r.screen).not.toContain(redraw);
      }
    }, 180_000);
  }
});
