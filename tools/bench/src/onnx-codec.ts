/**
 * `npx nx run bench:onnx-codec [--model FILE ...] [--workload W] [--iterations N]`: decode time of an ONNX model with
 * the code generated from onnx.proto (@bufbuild/protobuf `fromBinary`) against the hand-written field reader
 * (`decodeFields`, one level at a time), and what each costs for the work the project does with it: a full walk of
 * the graph (every node, attribute and initializer header) and the bf16 rewrite done each way (and whether both give
 * the same model). Without --model it synthesises the
 * workload's model (default bert, the largest synthetic model) through the models command. A benchmark, not a test.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { equals, fromBinary, toBinary } from '@bufbuild/protobuf';
import { BenchError, parseCommandLine, runMain } from '@modelbench/core';
import { decodeFields, emulateBf16ByFields, emulateBf16, fieldString, onnxProto } from '@modelbench/onnx';

const { ModelProtoSchema } = onnxProto;

const root = resolve(import.meta.dirname, '../../..');

function synthesizedPath(workload: string): string {
  const r = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'packages/models/src/cli.ts'), 'synthesize', workload], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new BenchError('MODEL_NOT_FOUND', `models synthesize ${workload} exited with ${r.status}`, { hint: 'run npm run models -- synthesize ' + workload });
  return r.stdout.trim();
}

/** Hand-written reader: model → graph → every node (and its attributes) and every initializer's header. */
function walkHandWritten(bytes: Uint8Array): number {
  let seen = 0;
  const graph = decodeFields(bytes).find((f) => f.field === 7);
  if (!graph) throw new Error('no graph');
  for (const f of decodeFields(graph.value as Uint8Array)) {
    if (f.field === 1) {
      for (const n of decodeFields(f.value as Uint8Array)) {
        if (n.field === 4) seen += fieldString(n).length > 0 ? 1 : 0;
        if (n.field === 5) seen += decodeFields(n.value as Uint8Array).length > 0 ? 1 : 0;
      }
    } else if (f.field === 5) {
      seen += decodeFields(f.value as Uint8Array).filter((t) => t.field !== 9).length;
    }
  }
  return seen;
}

/** Generated code: one fromBinary, then the same walk over the decoded objects. */
function walkGenerated(bytes: Uint8Array): number {
  const model = fromBinary(ModelProtoSchema, bytes);
  let seen = 0;
  for (const n of model.graph?.node ?? []) seen += (n.opType.length > 0 ? 1 : 0) + n.attribute.length;
  for (const t of model.graph?.initializer ?? []) seen += t.dims.length + (t.name ? 1 : 0);
  return seen;
}

interface Timing {
  medianMs: number;
  minMs: number;
}

/** Runs the cases interleaved (a, b, c, a, b, c, ...) so a noisy, shared machine slows each of them alike. */
function interleaved(iterations: number, cases: Record<string, () => unknown>): Record<string, Timing> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < iterations; i++) {
    for (const [name, fn] of Object.entries(cases)) {
      const t0 = performance.now();
      fn();
      times[name]?.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(
    Object.entries(times).map(([k, ts]) => {
      ts.sort((a, b) => a - b);
      return [k, { medianMs: ts[Math.floor(ts.length / 2)] as number, minMs: ts[0] as number }];
    }),
  );
}

const fmt = (t: Timing | undefined): string => `median ${t?.medianMs.toFixed(1)} ms, min ${t?.minMs.toFixed(1)} ms`;

function heapDeltaMb(fn: () => unknown): number {
  const before = process.memoryUsage().heapUsed;
  const keep = fn();
  const after = process.memoryUsage().heapUsed;
  void keep;
  return (after - before) / 2 ** 20;
}

async function main(): Promise<number> {
  const { flags } = parseCommandLine(
    process.argv.slice(2),
    {
      model: { kind: 'strings', value: 'FILE', description: 'ONNX files to decode (repeatable)' },
      workload: { kind: 'string', default: 'bert', value: 'W', description: 'synthetic model to build and decode when no --model is given' },
      iterations: { kind: 'positiveInt', default: 5, description: 'timed runs per codec' },
    },
    'bench onnx-codec',
  );
  const files = flags.model && flags.model.length ? flags.model.map((f) => resolve(f)) : [synthesizedPath(flags.workload)];
  const rows: string[] = [];
  for (const file of files) {
    const sizeMb = statSync(file).size / 2 ** 20;
    const bytes = new Uint8Array(readFileSync(file));
    const decoded = fromBinary(ModelProtoSchema, bytes);
    const t = interleaved(flags.iterations, {
      hand: () => walkHandWritten(bytes),
      gen: () => walkGenerated(bytes),
      encode: () => toBinary(ModelProtoSchema, decoded),
      rewrite: () => emulateBf16ByFields(bytes),
      rewriteGen: () => emulateBf16(bytes),
    });
    const same = equals(ModelProtoSchema, fromBinary(ModelProtoSchema, emulateBf16ByFields(bytes).bytes), fromBinary(ModelProtoSchema, emulateBf16(bytes).bytes));
    const heap = heapDeltaMb(() => fromBinary(ModelProtoSchema, bytes));
    rows.push(
      [
        `${file} (${sizeMb.toFixed(1)} MiB, ${decoded.graph?.node.length ?? 0} nodes, ${decoded.graph?.initializer.length ?? 0} initializers)`,
        `  decode + graph walk, hand-written decodeFields:  ${fmt(t.hand)}`,
        `  decode + graph walk, generated fromBinary:       ${fmt(t.gen)}, heap +${heap.toFixed(1)} MiB`,
        `  encode, generated toBinary:                      ${fmt(t.encode)}`,
        `  bf16 rewrite, field level (emulateBf16ByFields): ${fmt(t.rewrite)}`,
        `  bf16 rewrite, generated code (emulateBf16):      ${fmt(t.rewriteGen)}; same model both ways: ${same ? 'yes' : 'NO'}`,
      ].join('\n'),
    );
  }
  process.stdout.write(`${rows.join('\n\n')}\n`);
  return 0;
}

void runMain(main);
