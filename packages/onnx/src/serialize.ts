/**
 * Serialises GraphBuilder's graphs and models to ONNX bytes with the code generated from the official onnx.proto
 * (src/gen, @bufbuild/protobuf) — the same code that decodes them (proto-model.ts), so writer and reader cannot
 * disagree about a field number or a wire type. Fields are written as onnx.proto (proto2) declares them: repeated
 * ints and floats unpacked, in field-number order.
 */
import { create, fromBinary, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AT,
  AttributeProtoSchema,
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  TensorProtoSchema,
  ValueInfoProtoSchema,
  type AttributeProto,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from './gen/onnx_pb.ts';
import { DataType, type Attr, type ConstTensor, type ValueInfo } from './types.ts';

/**
 * The version of the bytes GraphBuilder writes for the same graph: 1 was the field-level writer (packed repeated
 * fields), 2 the generated code. A synthetic model cached under another version is rebuilt (models' synthetic cache),
 * so one cache key always means one sha256.
 */
export const ONNX_SERIALIZATION_VERSION = 2;

export interface NodeDef {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name: string;
  attrs: Record<string, Attr>;
  domain?: string;
}

export interface GraphDef {
  name: string;
  nodes: readonly NodeDef[];
  initializers: readonly (ConstTensor & { name: string })[];
  inputs: readonly ValueInfo[];
  outputs: readonly ValueInfo[];
}

export interface ModelDef {
  graph: GraphDef;
  opsetVersion: number;
  irVersion: number;
  producerName: string;
  producerVersion: string;
  metadata: Record<string, string>;
  docString?: string;
}

/** Raw little-endian bytes of a typed array (every supported platform is little-endian; checked at load). */
function rawBytes(data: ConstTensor['data']): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

const int64s = (values: readonly number[]): bigint[] => values.map((v) => BigInt(v));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export function tensorProto(t: ConstTensor, name?: string): TensorProto {
  return create(TensorProtoSchema, { dims: int64s(t.dims), dataType: DataType[t.dataType], ...(name !== undefined ? { name } : {}), rawData: rawBytes(t.data) });
}

function attributeInit(a: Attr): MessageInitShape<typeof AttributeProtoSchema> {
  switch (a.kind) {
    case 'float':
      return { f: a.value, type: AT.FLOAT };
    case 'int':
      return { i: BigInt(a.value), type: AT.INT };
    case 'string':
      return { s: utf8(a.value), type: AT.STRING };
    case 'tensor':
      return { t: tensorProto(a.value), type: AT.TENSOR };
    case 'graph':
      return { g: fromBinary(GraphProtoSchema, a.value), type: AT.GRAPH };
    case 'floats':
      return { floats: [...a.value], type: AT.FLOATS };
    case 'ints':
      return { ints: int64s(a.value), type: AT.INTS };
    case 'strings':
      return { strings: a.value.map(utf8), type: AT.STRINGS };
  }
}

export function attributeProto(name: string, a: Attr): AttributeProto {
  return create(AttributeProtoSchema, { name, ...attributeInit(a) });
}

export function nodeProto(n: NodeDef): NodeProto {
  return create(NodeProtoSchema, {
    input: [...n.inputs],
    output: [...n.outputs],
    name: n.name,
    opType: n.opType,
    attribute: Object.entries(n.attrs).map(([k, v]) => attributeProto(k, v)),
    ...(n.domain ? { domain: n.domain } : {}),
  });
}

export function valueInfoProto(v: ValueInfo): ValueInfoProto {
  const dim = (d: number | string) => ({ value: typeof d === 'number' ? { case: 'dimValue' as const, value: BigInt(d) } : { case: 'dimParam' as const, value: d } });
  return create(ValueInfoProtoSchema, {
    name: v.name,
    type: { value: { case: 'tensorType', value: { elemType: DataType[v.dataType], shape: { dim: v.shape.map(dim) } } } },
  });
}

export function graphProto(g: GraphDef): GraphProto {
  return create(GraphProtoSchema, {
    node: g.nodes.map(nodeProto),
    name: g.name,
    initializer: g.initializers.map((t) => tensorProto(t, t.name)),
    input: g.inputs.map(valueInfoProto),
    output: g.outputs.map(valueInfoProto),
  });
}

export function modelProto(m: ModelDef): ModelProto {
  return create(ModelProtoSchema, {
    irVersion: BigInt(m.irVersion),
    producerName: m.producerName,
    producerVersion: m.producerVersion,
    ...(m.docString ? { docString: m.docString } : {}),
    graph: graphProto(m.graph),
    opsetImport: [{ domain: '', version: BigInt(m.opsetVersion) }],
    metadataProps: Object.entries(m.metadata).map(([key, value]) => ({ key, value })),
  });
}

export function serializeGraph(g: GraphDef): Uint8Array {
  return toBinary(GraphProtoSchema, graphProto(g));
}

export function serializeModel(m: ModelDef): Uint8Array {
  return toBinary(ModelProtoSchema, modelProto(m));
}
