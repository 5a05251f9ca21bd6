/**
 * Test helper: a copy of an ONNX model whose float initializers are rounded to `mantissaBits` explicit mantissa bits
 * (bf16 keeps 7). Rounding far harder than bf16 must make `validate` fail.
 */
import { DataType, ProtoWriter, WIRE_BYTES, decodeFields, roundArrayToMantissaBitsInPlace } from '@modelbench/onnx';

const MODEL_GRAPH = 7;
const GRAPH_INITIALIZER = 5;
const TENSOR_DATA_TYPE = 2;
const TENSOR_RAW_DATA = 9;

function roundTensor(tensor: Uint8Array, bits: number): Uint8Array {
  const fields = decodeFields(tensor);
  if (Number(fields.find((f) => f.field === TENSOR_DATA_TYPE)?.value) !== DataType.FLOAT) return tensor;
  const w = new ProtoWriter();
  for (const f of fields) {
    if (f.field === TENSOR_RAW_DATA) {
      const copy = new Uint8Array(f.value as Uint8Array);
      roundArrayToMantissaBitsInPlace(new Float32Array(copy.buffer, 0, copy.length / 4), bits);
      w.bytes(f.field, copy);
    } else w.raw(f);
  }
  return w.finish();
}

export function roundModelWeights(model: Uint8Array, mantissaBits: number): Uint8Array {
  const out = new ProtoWriter();
  for (const f of decodeFields(model)) {
    if (f.field !== MODEL_GRAPH || f.wire !== WIRE_BYTES) {
      out.raw(f);
      continue;
    }
    const g = new ProtoWriter();
    for (const gf of decodeFields(f.value as Uint8Array)) {
      if (gf.field === GRAPH_INITIALIZER) g.bytes(GRAPH_INITIALIZER, roundTensor(gf.value as Uint8Array, mantissaBits));
      else g.raw(gf);
    }
    out.bytes(MODEL_GRAPH, g.finish());
  }
  return out.finish();
}
