/** A two-node model (MatMul + Add) used to probe whether an execution provider really loads and runs. */
import { GraphBuilder } from '@modelbench/onnx';
import type { OrtModuleLike } from './ort-session.ts';
import type { ProbeResult } from './types.ts';
import { cleanReason } from './probe-noise.ts';

let tiny: Uint8Array | undefined;

export function tinyModelBytes(): Uint8Array {
  if (tiny) return tiny;
  const g = new GraphBuilder('probe');
  g.input('x', 'FLOAT', [1, 4]);
  const w = g.constFloat('w', [1, 0, 0, 1, 0, 1, 1, 0, 0.5, 0.5, 0.5, 0.5, 2, 0, 0, 2], [4, 4]);
  const y = g.op('MatMul', ['x', w]);
  g.op('Add', [y, g.constFloat('b', [1, 1, 1, 1], [4])], {}, 'y');
  g.output('y', 'FLOAT', [1, 4]);
  tiny = g.toBytes();
  return tiny;
}

/** Creates a session on exactly this provider (never a fallback list: onnxruntime drops unknown providers silently). */
export async function probeWithTinySession(ort: OrtModuleLike, provider: string): Promise<ProbeResult> {
  try {
    const session = await ort.InferenceSession.create(tinyModelBytes(), { executionProviders: [provider], logSeverityLevel: 4 });
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4]), [1, 4]) });
    await session.release();
    const y = out.y?.data as Float32Array | undefined;
    // x·w + 1 = [1+0+1.5+8, 0+2+1.5+0, 0+2+1.5+0, 1+0+1.5+8] + 1
    const expected = [11.5, 4.5, 4.5, 11.5];
    if (!y || expected.some((v, i) => Math.abs((y[i] ?? NaN) - v) > 1e-5)) {
      return { ok: false, reason: `the '${provider}' provider returned wrong results on the probe model` };
    }
    return { ok: true };
  } catch (e) {
    // the message, without the C++ source location and condition of an assertion (which cut it short before)
    const reason = cleanReason((e as Error).message.split('\n')[0] ?? String(e));
    return { ok: false, reason: reason.length > 300 ? `${reason.slice(0, 299)}…` : reason };
  }
}
