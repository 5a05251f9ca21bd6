/**
 * An executor over a MessagePort wired straight to one SUT worker (worker-entry.ts answers `run` on the port it was
 * attached with, stamping `done` inside the instance on the process-wide monotonic clock). The issuer thread drives
 * its instance pool through these, so a call goes issuer → instance and its completion instance → issuer without
 * passing the main thread.
 */
import type { MessagePort } from 'node:worker_threads';
import { BenchError, type ErrorCode } from '@modelbench/core';
import type { CallTiming, Executor, InstanceInfo } from './executor.ts';
import type { BellMessage, FromInstance, RunMessage, StandbyMessage } from './worker-protocol.ts';

/** `bell`: rung by the instance after each reply on this port (issuer-clock.ts), where given. */
export function portExecutor(port: MessagePort, info: InstanceInfo, bell?: Int32Array): Executor {
  const waiting = new Map<number, { resolve: (t: CallTiming) => void; reject: (e: unknown) => void }>();
  let next = 0;
  let closed = false;
  port.on('message', (m: FromInstance) => {
    if (m.type === 'done') {
      waiting.get(m.id)?.resolve({ modelMs: m.modelMs, doneAtMs: m.doneAtMs });
      waiting.delete(m.id);
    } else if (m.type === 'error' && m.id !== undefined) {
      waiting.get(m.id)?.reject(new BenchError(m.code as ErrorCode, m.message, m.hint ? { hint: m.hint } : {}));
      waiting.delete(m.id);
    }
  });
  if (bell) port.postMessage({ type: 'bell', bell } satisfies BellMessage);
  port.on('close', () => {
    closed = true;
    for (const w of waiting.values()) w.reject(new BenchError('INFERENCE_FAILED', `instance ${info.index}'s port closed during a call`));
    waiting.clear();
  });
  return {
    info,
    run(samples: readonly number[]): Promise<CallTiming> {
      if (closed) return Promise.reject(new BenchError('INFERENCE_FAILED', `instance ${info.index}'s port is closed`));
      const id = next++;
      return new Promise<CallTiming>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        const m: RunMessage = { type: 'run', id, samples: [...samples] };
        port.postMessage(m);
      });
    },
    standby(untilMs: number): void {
      if (!closed) port.postMessage({ type: 'standby', untilMs } satisfies StandbyMessage);
    },
    dispose: async () => {
      closed = true;
      port.close();
    },
  };
}
