/**
 * Real instances of a system under test: each in a worker thread, or — pinned — in a child process under
 * `taskset -c`. The SUT is a module of the caller's (the harness's, which opens the backend sessions); loadgen only
 * starts it, hands it its payload (and, for accuracy runs, new sets of loaded samples), sends it calls of sample
 * indices and takes back their completions (and, where a call asks, the SUT's response, opaque here).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { BenchError, type ErrorCode } from '@modelbench/core';
import type { CallTiming, Executor, ExecutorFactory, InstanceSpec, RunOptions } from './executor.ts';
import type { FromInstance, ReadyMessage, ToInstance } from './worker-protocol.ts';

export interface WorkerInstanceConfig {
  /** file URL (or absolute path) of the SUT module: it exports createInstance(payload, spec) (SutModule) */
  entry: string;
  /** structured-clone data for createInstance; SharedArrayBuffers are shared with worker threads (a child process
   * gets a copy) */
  payload: unknown;
  /** taskset binary for pinned instances (from probePinningHost) */
  tasksetPath?: string | undefined;
}

/** registers tsx in the new thread or process, then imports worker-entry.ts */
const ENTRY = fileURLToPath(new URL('./worker-bootstrap.mjs', import.meta.url));

interface Channel {
  send(m: ToInstance): void;
  /** a port straight to the instance (worker threads; a child process has none) */
  openPort?(): MessagePort;
  onMessage(f: (m: FromInstance) => void): void;
  onExit(f: (why: string) => void): void;
  kill(): void;
}

function threadChannel(): Channel {
  const w = new Worker(ENTRY, { execArgv: [] });
  return {
    send: (m) => w.postMessage(m),
    openPort: () => {
      const { port1, port2 } = new MessageChannel();
      const m: ToInstance = { type: 'attach', port: port2 };
      w.postMessage(m, [port2]);
      return port1;
    },
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
    const waiting = new Map<number, { resolve: (t: CallTiming) => void; reject: (e: unknown) => void }>();
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
        waiting.get(m.id)?.resolve(m.response === undefined ? { modelMs: m.modelMs, doneAtMs: m.doneAtMs } : { modelMs: m.modelMs, doneAtMs: m.doneAtMs, response: m.response });
        waiting.delete(m.id);
      } else if (m.type === 'loaded') {
        waiting.get(m.id)?.resolve({ modelMs: 0 });
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
      const entry = config.entry.startsWith('file:') ? config.entry : pathToFileURL(config.entry).href;
      channel.send({ type: 'init', entry, payload: config.payload, spec: { index: spec.index, threads: spec.threads, ...(spec.cpus ? { cpus: [...spec.cpus] } : {}) } });
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
      // the host (worker-entry.ts) runs its calls in order, one at a time
      queues: true,
      ...(channel.openPort ? { openPort: channel.openPort } : {}),
      run(samples: readonly number[], options?: RunOptions): Promise<CallTiming> {
        if (dead !== undefined) return Promise.reject(new BenchError('INFERENCE_FAILED', `instance ${spec.index} ${dead}`));
        const id = next++;
        return new Promise<CallTiming>((resolve, reject) => {
          waiting.set(id, { resolve, reject });
          channel.send(options?.respond ? { type: 'run', id, samples: [...samples], respond: true } : { type: 'run', id, samples: [...samples] });
        });
      },
      load(payload: unknown): Promise<void> {
        if (dead !== undefined) return Promise.reject(new BenchError('INFERENCE_FAILED', `instance ${spec.index} ${dead}`));
        const id = next++;
        return new Promise<void>((resolve, reject) => {
          waiting.set(id, { resolve: () => resolve(), reject });
          channel.send({ type: 'load', id, payload });
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
