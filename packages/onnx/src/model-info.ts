/** Facts about an ONNX file: sha256, size, and the number of values its initializers hold. */
import { createHash } from 'node:crypto';
import { OnnxDecodeError, decodeModel } from './proto-model.ts';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Total elements of all initializers (weights and buffers); null when the bytes are not an ONNX model. */
export function countInitializerValues(modelBytes: Uint8Array): number | null {
  try {
    const graph = decodeModel(modelBytes).graph;
    return (graph?.initializer ?? []).reduce((total, t) => total + t.dims.reduce((a, d) => a * Number(d), 1), 0);
  } catch (e) {
    if (e instanceof OnnxDecodeError) return null;
    throw e;
  }
}
