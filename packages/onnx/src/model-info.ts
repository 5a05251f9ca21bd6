/** Facts about an ONNX file: sha256, size, and the number of values its initializers hold. */
import { createHash } from 'node:crypto';
import { decodeFields, repeatedInts, ProtoDecodeError } from './protobuf.ts';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Total elements of all initializers (weights and buffers); null when the bytes are not an ONNX model. */
export function countInitializerValues(modelBytes: Uint8Array): number | null {
  try {
    const graph = decodeFields(modelBytes).find((f) => f.field === 7 && f.value instanceof Uint8Array);
    if (!graph) return null;
    let total = 0;
    for (const f of decodeFields(graph.value as Uint8Array)) {
      if (f.field !== 5) continue;
      const dims = repeatedInts(decodeFields(f.value as Uint8Array), 1);
      total += dims.reduce((a, d) => a * Number(d), 1);
    }
    return total;
  } catch (e) {
    if (e instanceof ProtoDecodeError) return null;
    throw e;
  }
}
