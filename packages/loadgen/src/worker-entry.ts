/**
 * The host of one SUT instance: a worker thread (parentPort) or a child process with an IPC
 * channel (process.send), the pinned case under taskset. It imports the SUT module named by `init`, which opens its
 * own session(s); the host only relays calls of sample indices and stamps each completion on the monotonic clock.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { SutInstance, SutModule } from './executor.ts';
import type { BellMessage, FromInstance, RunMessage, ToInstance } from './worker-protocol.ts';

const hrMs = (): number => Number(process.hrtime.bigint()) / 1e6;
const port = parentPort;
const send: (m: FromInstance) => void = port
  ? (m) => port.postMessage(m)
  : (m) => {
      process.send?.(m);
    };

let sut: SutInstance | undefined;
const attached: MessagePort[] = [];

function errorMessage(e: unknown, id?: number): FromInstance {
  const err = e as { code?: string; message?: string; hint?: string };
  return { type: 'error', ...(id !== undefined ? { id } : {}), code: err.code ?? 'INFERENCE_FAILED', message: err.message ?? String(e), ...(err.hint ? { hint: err.hint } : {}) };
}

/** Runs one call; its completion is stamped here, as the outputs are ready, before any message is sent. */
async function runCall(m: RunMessage, reply: (m: FromInstance) => void): Promise<void> {
  try {
    const modelMs = await sut!.run(m.samples);
    reply({ type: 'done', id: m.id, modelMs, doneAtMs: hrMs() });
  } catch (e) {
    reply(errorMessage(e, m.id));
  }
}

async function handle(m: ToInstance): Promise<void> {
  if (m.type === 'init') {
    try {
      const mod = (await import(m.entry)) as Partial<SutModule>;
      if (typeof mod.createInstance !== 'function') throw new Error(`${m.entry} exports no createInstance(payload, spec)`);
      sut = await mod.createInstance(m.payload, m.spec);
      send({ type: 'ready', sessionOptions: sut.sessionOptions ?? {}, warnings: sut.warnings ?? [] });
    } catch (e) {
      send(errorMessage(e));
    }
  } else if (m.type === 'run') {
    await runCall(m, send);
  } else if (m.type === 'attach') {
    // the issuer thread's calls: answered on its port, in turn with this host's own (one session, one call at a time)
    attached.push(m.port);
    m.port.on('close', () => {
      const k = attached.indexOf(m.port);
      if (k >= 0) attached.splice(k, 1);
    });
    // the issuer may hand a doorbell (issuer-port.ts): each reply rings it after it is posted, so an issuer blocked
    // in a futex wait until its next due time wakes for the completion at once, without a timer
    let bell: Int32Array | undefined;
    const reply = (r: FromInstance): void => {
      m.port.postMessage(r);
      if (bell) {
        Atomics.add(bell, 0, 1);
        Atomics.notify(bell, 0);
      }
    };
    m.port.on('message', (r: RunMessage | BellMessage) => {
      if (r.type === 'bell') bell = r.bell;
      else chain = chain.then(() => runCall(r, reply));
    });
  } else {
    for (const p of [...attached]) p.close();
    await sut?.close().catch(() => undefined);
    const u = process.cpuUsage();
    send({ type: 'closed', cpuMs: (u.user + u.system) / 1000 });
    if (port) port.close();
    else process.disconnect?.();
  }
}

// one message at a time, in order (a run never overlaps another on the same session)
let chain = Promise.resolve();
const onMessage = (m: ToInstance): void => {
  chain = chain.then(() => handle(m));
};
if (port) port.on('message', onMessage);
else {
  process.on('message', (m) => onMessage(m as ToInstance));
  process.on('disconnect', () => process.exit(0));
}
