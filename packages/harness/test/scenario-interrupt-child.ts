/**
 * A performance --scenario run the interrupt test signals: the fake workload, with instances that take 20 ms of real
 * time per call; prints `instances started` once the first instance exists and `instance N disposed` when one is
 * ended. argv: the record path (--json), so the parent can check nothing was written.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine, runMain } from '@modelbench/core';
import type { ExecutorFactory } from '@modelbench/loadgen';
import { runPerformance } from '../src/modes/performance.ts';
import { modeFlags } from '../src/workload-main.ts';
import { fakeRegistry, fakeWorkload, writeTinyModel } from './fake-workload.ts';

const json = process.argv[2]!;
const model = writeTinyModel(mkdtempSync(join(tmpdir(), 'mb-interrupt-')));
const args = ['--model', model, '--backend', 'fake', '--scenario', 'single-stream', '--instances', '2', '--threads', '1', '--min-duration', '60', '--json', json];
const { flags, positionals } = parseCommandLine(args, modeFlags(fakeWorkload, 'performance'), 'fake performance');
const slow: ExecutorFactory = async (spec) => {
  if (spec.index === 0) process.stdout.write('instances started\n');
  return {
    info: { index: spec.index, threads: spec.threads, kind: 'fake', pinnedCpus: null, pinning: 'none' },
    run: () => new Promise<void>((resolve) => setTimeout(resolve, 20)),
    dispose: async () => void process.stdout.write(`instance ${spec.index} disposed\n`),
  };
};
void runMain(() => runPerformance({ workload: fakeWorkload, flags: flags as never, positionals, registry: fakeRegistry(), startedAt: new Date() }, { makeFactory: () => slow, runOptions: { machineLoad: false } }));
