/**
 * One instance: opens the model with @modelbench/backends and answers run messages. Runs as a worker thread
 * (parentPort) or as a child process with an IPC channel (process.send), the pinned case under taskset.
 */
import { parentPort } from 'node:worker_threads';
import { monotonicMs } from '@modelbench/core';
import type { BackendOptions, Feeds, LoadedModel } from '@modelbench/backends';
import { backendRegistry } from './backend-adapter.ts';
import { feedsFor } from './feeds.ts';
import type { FromInstance, ToInstance } from './worker-protocol.ts';

const send: (m: FromInstance) => void = parentPort
  ? (m) => parentPort!.postMessage(m)
  : (m) => {
      process.send?.(m);
    };

let loaded: LoadedModel | undefined;
let feeds: Feeds = {};
let sequential = false;
const bySize = new Map<number, Feeds>();

function errorMessage(e: unknown, id?: number): FromInstance {
  const err = e as { code?: string; message?: string; hint?: string };
  return { type: 'error', ...(id !== undefined ? { id } : {}), code: err.code ?? 'INFERENCE_FAILED', message: err.message ?? String(e), ...(err.hint ? { hint: err.hint } : {}) };
}

async function handle(m: ToInstance): Promise<void> {
  if (m.type === 'init') {
    try {
      const backend = await backendRegistry().select(m.backendId);
      const plan = backend.planPrecision(m.precision);
      loaded = await backend.load({ path: m.modelPath }, { ...m.options, precision: plan } as BackendOptions);
      feeds = m.feeds;
      sequential = m.sequential ?? false;
      send({ type: 'ready', sessionOptions: loaded.sessionOptions, precision: loaded.precision.precision, execution: loaded.precision.execution, warnings: loaded.warnings });
    } catch (e) {
      send(errorMessage(e));
    }
  } else if (m.type === 'run') {
    try {
      if (sequential) {
        // one sample per model call: k samples are k calls on the same one-sample feeds
        let modelMs = 0;
        for (let k = 0; k < m.samples; k++) {
          const t0 = monotonicMs();
          await loaded!.run(feeds);
          modelMs += monotonicMs() - t0;
        }
        send({ type: 'done', id: m.id, modelMs });
        return;
      }
      let f = bySize.get(m.samples);
      if (!f) {
        f = feedsFor(feeds, m.samples);
        bySize.set(m.samples, f);
      }
      const t0 = monotonicMs();
      await loaded!.run(f);
      send({ type: 'done', id: m.id, modelMs: monotonicMs() - t0 });
    } catch (e) {
      send(errorMessage(e, m.id));
    }
  } else {
    await loaded?.dispose().catch(() => undefined);
    const u = process.cpuUsage();
    send({ type: 'closed', cpuMs: (u.user + u.system) / 1000 });
    if (parentPort) parentPort.close();
    else process.disconnect?.();
  }
}

// one message at a time, in order (a run never overlaps another on the same session)
let chain = Promise.resolve();
const onMessage = (m: ToInstance): void => {
  chain = chain.then(() => handle(m));
};
if (parentPort) parentPort.on('message', onMessage);
else {
  process.on('message', (m) => onMessage(m as ToInstance));
  process.on('disconnect', () => process.exit(0));
}
