/**
 * `npm run backends`: every backend, available or the exact reason it is not, and how it computes bf16 here.
 *
 * The probes run in a child process whose stderr (fd 2, where onnxruntime's native code and Dawn's Vulkan loader
 * write) is captured, so the table is not preceded by red native errors: each message is summarised into the reason
 * column of the backend whose probe printed it (a mark on stderr before each probe says which one).
 */
import { spawnSync } from 'node:child_process';
import { writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BenchError, captureEnvironment, renderTable, runMain } from '@modelbench/core';
import { PROBE_MARK, attributeNoise, reasonWithNoise } from './probe-noise.ts';
import { createDefaultRegistry } from './registry.ts';

const USAGE = `usage: npm run backends [-- list]

Lists every backend this build knows: available, or the exact reason it is not (each provider is probed by creating a
tiny session on exactly that provider), how it computes bf16 here, and the runtime version.`;

const CHILD_FLAG = '--probe-child';

interface ProbeRow {
  id: string;
  ok: boolean;
  bf16: string;
  runtime: string;
  text: string;
}

/** Probes every backend in this process, marking on fd 2 which backend each probe's native output belongs to. */
async function probeRows(mark: boolean): Promise<ProbeRow[]> {
  const registry = createDefaultRegistry();
  const rows: ProbeRow[] = [];
  for (const backend of registry.backends) {
    if (mark) writeSync(2, `\n${PROBE_MARK}${backend.id}\n`);
    const probe = await registry.probe(backend.id);
    let bf16 = '-';
    if (probe.ok) {
      try {
        bf16 = backend.planPrecision('bf16').execution;
      } catch (e) {
        bf16 = `unsupported (${(e as Error).message})`;
      }
    }
    rows.push({ id: backend.id, ok: probe.ok, bf16, runtime: `${backend.runtime} ${backend.runtimeVersion}`, text: probe.ok ? backend.description : probe.reason });
  }
  if (mark) writeSync(2, `\n${PROBE_MARK}\n`);
  return rows;
}

/** The rows from a child process, with its native stderr summarised per backend; undefined if the child failed. */
function probeRowsInChild(): { rows: ProbeRow[]; loadNoise: string[] } | undefined {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), CHILD_FLAG], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    timeout: 300_000,
  });
  if (r.status !== 0) return undefined;
  let rows: ProbeRow[];
  try {
    rows = JSON.parse(r.stdout) as ProbeRow[];
  } catch {
    return undefined;
  }
  const noise = attributeNoise(r.stderr);
  for (const row of rows) if (!row.ok) row.text = reasonWithNoise(row.text, noise.get(row.id) ?? []);
  // an available backend keeps its description; what it printed natively is not a reason
  return { rows, loadNoise: noise.get('') ?? [] };
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes(CHILD_FLAG)) {
    writeSync(1, JSON.stringify(await probeRows(true)));
    return 0;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const args = argv.filter((a) => a !== 'list');
  if (args.length) throw new BenchError('USAGE', `backends: unexpected argument '${args[0]}'`, { hint: 'usage: npm run backends [-- list] (or -- --help)' });
  const env = captureEnvironment();
  const fromChild = probeRowsInChild();
  const rows = fromChild?.rows ?? (await probeRows(false));
  process.stdout.write(`CPU: ${env.cpu.model} (${env.cpu.arch}, ${env.cpu.physicalCores} physical / ${env.cpu.logicalCores} logical cores)\n\n`);
  process.stdout.write(
    renderTable(
      ['backend', 'status', 'bf16', 'runtime', 'description or reason'],
      rows.map((r) => [r.id, r.ok ? 'available' : 'unavailable', r.bf16, r.runtime, r.text]),
      ['left', 'left', 'left', 'left', 'left'],
    ) + '\n',
  );
  if (fromChild && fromChild.loadNoise.length > 0) process.stdout.write(`\nnative messages while loading the runtimes: ${fromChild.loadNoise.join('; ')}\n`);
  return 0;
}

void runMain(main);
