/**
 * Real instances: each its own session in a worker thread, or — pinned — in a child process under `taskset -c`.
 * `workerExecutorFactory` is what the harness hands to runScenario, built from the workload's model and feeds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BenchError, type ErrorCode, type PrecisionName } from '@modelbench/core';
import type { BackendOptions, Feeds } from '@modelbench/backends';
import type { Executor, ExecutorFactory, InstanceSpec } from './executor.ts';
import type { FromInstance, ReadyMessage, ToInstance } from './worker-protocol.ts';

export interface WorkerInstanceConfig {
  backendId: string;
  modelPath: string;
  precision: PrecisionName;
  /** session options except threads (each instance gets its spec's threads) and the precision (planned inside) */
  options: Omit<BackendOptions, 'threads' | 'precision'>;
  /** inputs for a call of the scenario's batch (sequential: of one sample) */
  feeds: Feeds;
  /** the model takes one sample per call: a run of k samples is k consecutive calls inside the instance */
  sequential?: boolean;
  /** taskset binary for pinned instances (from probePinningHost) */
  tasksetPath?: string | undefined;
}

/** registers tsx in the new thread or process, then imports worker-entry.ts */
const ENTRY = fileURLToPath(new URL('./worker-bootstrap.mjs', import.meta.url));

interface Channel {
  send(m: ToInstance): void;
  onMessage(f: (m: FromInstance) => void): void;
  onExit(f: (why: string) => void): void;
  kill(): void;
}

function threadChannel(): Channel {
  const w = new Worker(ENTRY, { execArgv: [] });
  return {
    send: (m) => w.postMessage(m),
    onMessage: (f) => w.on('message', f),
    onExit: (f) => {
      w.on('error', (e) => f(e.message));
      w.on('exit', (code) => f(`exited with code ${code}`));
    },
    kill: () => void w.terminate(),
  };
}

function processChannel(taskset: string, cpus: number[]): Channel {
  const child: ChildProcess = spawn(taskset, ['-c', cpus.join(','), process.execPath, ENTRY], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  return {
    send: (m) => child.send(m),
    onMessage: (f) => child.on('message', (m) => f(m as FromInstance)),
    onExit: (f) => {
      child.on('error', (e) => f(e.message));
      child.on('exit', (code, signal) => f(`exited with ${signal ?? `code ${code}`}`));
    },
    kill: () => void child.kill(),
  };
}

function toError(m: Extract<FromInstance, { type: 'error' }>): BenchError {
  return new BenchError(m.code as ErrorCode, m.message, m.hint ? { hint: m.hint } : {});
}

export function workerExecutorFactory(config: WorkerInstanceConfig): ExecutorFactory {
  return async (spec: InstanceSpec): Promise<Executor> => {
    const pinned = spec.cpus !== undefined && spec.cpus.length > 0;
    if (pinned && !config.tasksetPath) throw new BenchError('USAGE', 'a pinned instance needs taskset', { hint: 'install util-linux, or drop --pin' });
    const channel = pinned ? processChannel(config.tasksetPath!, spec.cpus!) : threadChannel();
    const waiting = new Map<number, { resolve: (ms: number) => void; reject: (e: unknown) => void }>();
    let readyWait: { resolve: (m: ReadyMessage) => void; reject: (e: unknown) => void } | undefined;
    let closedWait: (() => void) | undefined;
    let childCpuMs = 0;
    let dead: string | undefined;
    const failAll = (e: unknown): void => {
      readyWait?.reject(e);
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
    };
    channel.onMessage((m) => {
      if (m.type === 'ready') readyWait?.resolve(m);
      else if (m.type === 'done') {
        waiting.get(m.id)?.resolve(m.modelMs);
        waiting.delete(m.id);
      } else if (m.type === 'error') {
        const e = toError(m);
        if (m.id !== undefined) {
          waiting.get(m.id)?.reject(e);
          waiting.delete(m.id);
        } else readyWait?.reject(e);
      } else if (m.type === 'closed') {
        childCpuMs = m.cpuMs;
        closedWait?.();
      }
    });
    channel.onExit((why) => {
      if (dead === undefined) dead = why;
      closedWait?.();
      failAll(new BenchError('INFERENCE_FAILED', `instance ${spec.index} ${why}`));
    });
    const ready = await new Promise<ReadyMessage>((resolve, reject) => {
      readyWait = { resolve, reject };
      channel.send({ type: 'init', backendId: config.backendId, modelPath: config.modelPath, precision: config.precision, options: { ...config.options, threads: spec.threads }, feeds: config.feeds, ...(config.sequential ? { sequential: true } : {}) });
    }).catch((e: unknown) => {
      channel.kill();
      throw e;
    });
    readyWait = undefined;
    let next = 0;
    return {
      info: { index: spec.index, threads: spec.threads, kind: pinned ? 'child-process' : 'worker-thread', pinnedCpus: pinned ? [...spec.cpus!] : null, pinning: pinned ? 'taskset' : 'none' },
      sessionOptions: ready.sessionOptions,
      warnings: ready.warnings,
      outsideCpuMs: () => (pinned ? childCpuMs : 0),
      run(samples: readonly number[]): Promise<number> {
        if (dead !== undefined) return Promise.reject(new BenchError('INFERENCE_FAILED', `instance ${spec.index} ${dead}`));
        const id = next++;
        return new Promise<number>((resolve, reject) => {
          waiting.set(id, { resolve, reject });
          channel.send({ type: 'run', id, samples: samples.length });
        });
      },
      async dispose(): Promise<void> {
        if (dead !== undefined) return;
        await Promise.race([
          new Promise<void>((resolve) => {
            closedWait = resolve;
            channel.send({ type: 'close' });
          }),
          new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref()),
        ]);
        channel.kill();
      },
    };
  };
}
