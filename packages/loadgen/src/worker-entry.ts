/**
 * The host of one SUT instance: a worker thread (parentPort) or a child process with an IPC
 * channel (process.send), the pinned case under taskset. It imports the SUT module named by `init`, which opens its
 * own session(s); the host only relays calls of sample indices and stamps each completion on the monotonic clock.
 */
import { parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { spinDeadline } from './clock.ts';
import type { SutInstance, SutModule } from './executor.ts';
import type { BellMessage, FromInstance, RunMessage, StandbyMessage, ToInstance } from './worker-protocol.ts';

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

/** After a reply, how long the host polls its port for the next call before it sleeps, ms: a closed loop (single/
 * multi-stream) or a queue (offline, a server backlog) hands the next call over within a round trip, and a thread
 * that has gone to sleep takes longer to wake than that. */
export const LINGER_MS = 0.3;

/** Where a call came from: its port, and how a message received there is handled (the port's own listener). */
interface Source {
  port: MessagePort;
  dispatch(m: unknown): void;
}

/** Calls received and waiting in the chain behind the one running (no linger while one waits: it runs next). */
let queuedCalls = 0;

/** Polls `from` for up to LINGER_MS (no sleep); a message that arrives is handed to its listener's handling. */
function linger(from: Source): void {
  if (queuedCalls > 0) return;
  const passed = spinDeadline(LINGER_MS);
  while (!passed()) {
    const got = receiveMessageOnPort(from.port) as { message: unknown } | undefined;
    if (got) return from.dispatch(got.message);
  }
}

/** Runs one call; its completion is stamped here, as the outputs are ready, before any message is sent. */
async function runCall(m: RunMessage, reply: (m: FromInstance) => void, from?: Source): Promise<void> {
  queuedCalls--;
  try {
    // a performance call (no `respond`) is answered with its model time alone, as before
    const r = m.respond ? await sut!.run(m.samples, true) : await sut!.run(m.samples);
    const doneAtMs = hrMs();
    if (typeof r === 'number') reply({ type: 'done', id: m.id, modelMs: r, doneAtMs });
    else reply({ type: 'done', id: m.id, modelMs: r.modelMs, doneAtMs, response: r.response });
  } catch (e) {
    reply(errorMessage(e, m.id));
  }
  if (from) linger(from);
}

/**
 * Standby: polls the issuer's port (no sleep, so this thread's CPU stays awake) until a call arrives or `untilMs`
 * passes; a call that arrives runs right after. Asked for only while no call is in flight anywhere (scheduler.ts), so
 * the polling takes no CPU from a running model.
 */
async function standby(from: Source, untilMs: number): Promise<void> {
  let passed = spinDeadline(untilMs - hrMs());
  while (!passed()) {
    const got = receiveMessageOnPort(from.port) as { message: RunMessage | StandbyMessage | BellMessage } | undefined;
    if (!got) continue;
    const r = got.message;
    if (r.type === 'standby') {
      if (r.untilMs > untilMs) {
        untilMs = r.untilMs;
        passed = spinDeadline(untilMs - hrMs());
      }
      continue;
    }
    // handled as the port's listener would (a call is queued next in the chain, run as this stand-by ends)
    from.dispatch(r);
    if (r.type === 'run') return;
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
    await runCall(m, send, port ? { port, dispatch: (r) => onMessage(r as ToInstance) } : undefined);
  } else if (m.type === 'load') {
    try {
      if (!sut?.load) throw new Error('this SUT takes no new sample set (its module has no load)');
      await sut.load(m.payload);
      send({ type: 'loaded', id: m.id });
    } catch (e) {
      send(errorMessage(e, m.id));
    }
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
    const onAttached = (r: RunMessage | BellMessage | StandbyMessage): void => {
      if (r.type === 'bell') bell = r.bell;
      else if (r.type === 'standby') chain = chain.then(() => standby(source, r.untilMs));
      else {
        queuedCalls++;
        chain = chain.then(() => runCall(r, reply, source));
      }
    };
    const source: Source = { port: m.port, dispatch: (r) => onAttached(r as RunMessage | BellMessage | StandbyMessage) };
    m.port.on('message', onAttached);
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
  if (m.type === 'run') queuedCalls++;
  chain = chain.then(() => handle(m));
};
if (port) port.on('message', onMessage);
else {
  process.on('message', (m) => onMessage(m as ToInstance));
  process.on('disconnect', () => process.exit(0));
}
