/**
 * The machine a result was measured on, the software it ran and the load around it: recorded with every result so
 * records from several machines compare. The machine's facts are read once per process; the load and command line
 * every time.
 */
import os from 'node:os';
import { readCaches, readFrequency, readNuma, readSmt } from './cpu-topology.ts';
import type { Environment, LoadSnapshot } from './environment-schema.ts';
import { loadBetween, loadSnapshot } from './load-snapshot.ts';
import { readDistribution } from './os-release.ts';
import { captureSoftware } from './software.ts';
import { readText } from './sysfs.ts';
import { readVirtualization } from './virtualization.ts';

/** Parses the text of /proc/cpuinfo (pure, so it is testable with x86 and arm64 samples). */
export function parseCpuinfo(text: string): { model?: string; flags: string[]; physicalCores?: number } {
  const blocks = text.split(/\n\s*\n/).filter((b) => b.trim().length > 0);
  let model: string | undefined;
  let flags: string[] = [];
  const cores = new Set<string>();
  for (const block of blocks) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const i = line.indexOf(':');
      if (i < 0) continue;
      fields.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
    }
    model ??= fields.get('model name') ?? fields.get('cpu model') ?? fields.get('hardware');
    const f = fields.get('flags') ?? fields.get('features');
    if (f && flags.length === 0) flags = f.split(/\s+/).filter(Boolean).sort();
    const physicalId = fields.get('physical id');
    const coreId = fields.get('core id');
    if (physicalId !== undefined && coreId !== undefined) cores.add(`${physicalId}:${coreId}`);
  }
  const result: { model?: string; flags: string[]; physicalCores?: number } = { flags };
  if (model !== undefined) result.model = model;
  if (cores.size > 0) result.physicalCores = cores.size;
  return result;
}

export interface EnvironmentOptions {
  /** the command line to record; process.argv when not given */
  argv?: readonly string[];
  /**
   * the load snapshot taken when the run started (loadSnapshot()); when not given, the one taken when this module was
   * first imported (process start). The one after is taken now.
   */
  loadBefore?: LoadSnapshot | null;
  /** what the runtime exposes about itself (onnxruntime's `env`) */
  runtimeEnv?: Record<string, unknown> | null;
}

/** Taken at import, so every record has a `before` even when its runner took none of its own. */
const atImport: LoadSnapshot = loadSnapshot();

type MachineFacts = Omit<Environment, 'software' | 'load'>;
let machine: MachineFacts | undefined;

function captureMachine(): MachineFacts {
  if (machine) return machine;
  const cpuinfo = readText('/proc/cpuinfo') ?? '';
  const parsed = parseCpuinfo(cpuinfo);
  const logical = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  const model = parsed.model ?? os.cpus()[0]?.model ?? 'unknown';
  machine = {
    cpu: {
      model,
      arch: process.arch,
      logicalCores: logical,
      // Without core ids (arm64 kernels, containers) assume no SMT: every logical core is a physical core.
      physicalCores: Math.min(parsed.physicalCores ?? logical, logical),
      flags: parsed.flags,
      frequency: readFrequency(cpuinfo),
      caches: readCaches(),
      smt: readSmt(),
      numa: readNuma(),
    },
    os: {
      platform: process.platform,
      release: os.release(),
      type: os.type(),
      kernelVersion: typeof os.version === 'function' ? os.version() || null : null,
      distribution: readDistribution(),
    },
    node: process.version,
    totalMemoryBytes: os.totalmem(),
    hostname: os.hostname(),
    virtualization: readVirtualization(parsed.flags, process.arch),
  };
  return machine;
}

export function captureEnvironment(options: EnvironmentOptions = {}): Environment {
  return {
    ...captureMachine(),
    software: captureSoftware(options.argv ?? process.argv, options.runtimeEnv ?? null),
    load: loadBetween(options.loadBefore === undefined ? atImport : options.loadBefore, loadSnapshot()),
  };
}

/** Peak resident set size of this process so far, in bytes. */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}
