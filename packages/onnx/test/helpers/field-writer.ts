/**
 * The field-level ONNX writer GraphBuilder used before it moved onto the generated @bufbuild/protobuf code
 * (src/serialize.ts), kept as a test-only cross-check: both encodings must decode to equal ModelProtos
 * (test/serialize.test.ts). It writes repeated ints and floats packed, where the generated code writes them as
 * proto2 declares them (unpacked), so the bytes differ and the messages do not.
 */
import { ProtoWriter } from '../../src/protobuf.ts';
import type { GraphDef, ModelDef, NodeDef } from '../../src/serialize.ts';
import { AttributeType, DataType, type Attr, type ConstTensor, type ValueInfo } from '../../src/types.ts';

/** Raw little-endian bytes of a typed array (every supported platform is little-endian; checked at load). */
function rawBytes(data: ConstTensor['data']): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function writeTensor(w: ProtoWriter, t: ConstTensor, name?: string): void {
  if (t.dims.length) w.packedInts(1, t.dims);
  w.int(2, DataType[t.dataType]);
  if (name !== undefined) w.string(8, name);
  w.bytes(9, rawBytes(t.data));
}

function writeAttr(w: ProtoWriter, name: string, a: Attr): void {
  w.string(1, name);
  switch (a.kind) {
    case 'float':
      w.float(2, a.value).int(20, AttributeType.FLOAT);
      break;
    case 'int':
      w.int(3, a.value).int(20, AttributeType.INT);
      break;
    case 'string':
      w.string(4, a.value).int(20, AttributeType.STRING);
      break;
    case 'tensor':
      w.message(5, (t) => writeTensor(t, a.value)).int(20, AttributeType.TENSOR);
      break;
    case 'graph':
      w.bytes(6, a.value).int(20, AttributeType.GRAPH);
      break;
    case 'floats':
      w.packedFloats(7, a.value).int(20, AttributeType.FLOATS);
      break;
    case 'ints':
      w.packedInts(8, a.value).int(20, AttributeType.INTS);
      break;
    case 'strings':
      for (const s of a.value) w.string(9, s);
      w.int(20, AttributeType.STRINGS);
      break;
  }
}

export function writeNode(w: ProtoWriter, n: NodeDef): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name);
  w.string(4, n.opType);
  for (const [k, v] of Object.entries(n.attrs)) w.message(5, (a) => writeAttr(a, k, v));
  if (n.domain) w.string(7, n.domain);
}

export function writeValueInfo(w: ProtoWriter, v: ValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, DataType[v.dataType]);
      tensor.message(2, (shape) => {
        for (const d of v.shape) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
}

export function serializeGraph(g: GraphDef): Uint8Array {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(1, (nw) => writeNode(nw, n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, (tw) => writeTensor(tw, t, t.name));
  for (const v of g.inputs) w.message(11, (vw) => writeValueInfo(vw, v));
  for (const v of g.outputs) w.message(12, (vw) => writeValueInfo(vw, v));
  return w.finish();
}

export function serializeModel(m: ModelDef): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, m.irVersion);
  w.string(2, m.producerName);
  w.string(3, m.producerVersion);
  if (m.docString) w.string(6, m.docString);
  w.bytes(7, serializeGraph(m.graph));
  w.message(8, (o) => o.string(1, '').int(2, m.opsetVersion));
  for (const [key, value] of Object.entries(m.metadata)) w.message(14, (e) => e.string(1, key).string(2, value));
  return w.finish();
}
