/**
 * The issuer thread (started by issuer-thread.ts through worker-bootstrap.mjs): it owns a scenario's issuing. Its
 * instance pool talks to the SUT workers over the ports it was given (issuer-port.ts), its clock is the real one
 * waiting on a futex that every instance rings with each completion (issuer-clock.ts: no timer), and it runs the same scheduler as
 * the main thread does under a fake clock (scheduler.ts), so what it does is what the fake-clock tests check. This
 * thread does nothing else: no record, no /proc, no completion of another run competes with an issue.
 */
import { parentPort } from 'node:worker_threads';
import { holdIssuePriority, releaseIssuePriority } from './issuer-priority.ts';
import { bellClock, createBell } from './issuer-clock.ts';
import type { Executor } from './executor.ts';
import { InstancePool } from './instance-pool.ts';
import type { FromIssuer, ToIssuer } from './issuer-protocol.ts';
import { portExecutor } from './issuer-port.ts';
import { runServer, runStreams } from './scheduler.ts';

const port = parentPort!;
const send = (m: FromIssuer): void => port.postMessage(m);
let executors: Executor[] = [];
// every instance rings it after posting a completion: the clock's futex wait serves due times and completions alike
const bell = createBell();
const clock = bellClock(bell);

async function handle(m: ToIssuer): Promise<void> {
  if (m.type === 'start') {
    executors = m.ports.map((p, i) => portExecutor(p, m.infos[i]!, bell));
    // raised now, before the instances warm up (issuer-priority.ts: the chrt child's fork costs the next writes)
    holdIssuePriority();
    send({ type: 'started' });
  } else if (m.type === 'run') {
    try {
      const pool = new InstancePool(executors, clock);
      const trace = m.kind === 'server' ? await runServer(m.settings, pool, clock, m.server!) : await runStreams(m.settings, pool, clock);
      send({ type: 'result', id: m.id, trace, figures: { instanceStats: pool.instanceStats(), queueStats: pool.queueStats(), callOverhead: pool.callOverhead() } });
    } catch (e) {
      const err = e as { code?: string; message?: string; hint?: string };
      send({ type: 'error', id: m.id, code: err.code ?? 'INFERENCE_FAILED', message: err.message ?? String(e), ...(err.hint ? { hint: err.hint } : {}) });
    }
  } else {
    releaseIssuePriority();
    for (const e of executors) await e.dispose();
    port.close();
  }
}

// one message at a time: a run never overlaps another
let chain = Promise.resolve();
port.on('message', (m: ToIssuer) => {
  chain = chain.then(() => handle(m));
});
