/**
 * bf16 emulation as a graph rewrite, for CPUs or backends that cannot compute in bf16: the operands of MatMul, Gemm,
 * Conv and ConvTranspose are rounded through bf16 — float initializers rounded in place (nearest-even), activations by
 * Cast(float→bfloat16)→Cast(bfloat16→float) inserted before the consumer — and the arithmetic stays fp32, as bf16
 * fast-math kernels accumulate in fp32. Done over the code generated from onnx.proto (decode, edit, encode; unknown
 * fields kept); bf16-emulation-fields.ts does the same at the field level and the two are tested to agree.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { roundArrayToBf16InPlace } from './bf16.ts';
import { AttributeProtoSchema, AttributeProto_AttributeType, ModelProtoSchema, NodeProtoSchema, TensorProto_DataType, type NodeProto, type TensorProto } from './gen/onnx_pb.ts';
import { decodeModel } from './proto-model.ts';

export const BF16_OPERAND_OPS: ReadonlySet<string> = new Set(['MatMul', 'Gemm', 'Conv', 'ConvTranspose']);

export interface EmulationReport {
  roundedInitializers: number;
  roundedInitializerValues: number;
  castPairs: number;
  affectedNodes: number;
}

function castNode(input: string, output: string, to: TensorProto_DataType, name: string): NodeProto {
  return create(NodeProtoSchema, {
    input: [input],
    output: [output],
    name,
    opType: 'Cast',
    attribute: [create(AttributeProtoSchema, { name: 'to', i: BigInt(to), type: AttributeProto_AttributeType.INT })],
  });
}

/** Rounds a float tensor's values through bf16; returns how many. The raw bytes are copied first (they view the input). */
function roundTensor(t: TensorProto): number {
  if (t.rawData.length > 0) {
    const copy = new Uint8Array(t.rawData);
    roundArrayToBf16InPlace(new Float32Array(copy.buffer, 0, copy.length / 4));
    t.rawData = copy;
    return copy.length / 4;
  }
  const values = roundArrayToBf16InPlace(Float32Array.from(t.floatData));
  t.floatData = Array.from(values);
  return values.length;
}

/** Returns a new model whose GEMM/convolution operands are rounded through bf16. */
export function emulateBf16(modelBytes: Uint8Array): { bytes: Uint8Array; report: EmulationReport } {
  const model = decodeModel(modelBytes);
  const graph = model.graph as NonNullable<typeof model.graph>;
  const report: EmulationReport = { roundedInitializers: 0, roundedInitializerValues: 0, castPairs: 0, affectedNodes: 0 };
  const floatInitializers = new Set(graph.initializer.filter((t) => t.dataType === TensorProto_DataType.FLOAT).map((t) => t.name));
  const toRound = new Set<string>();
  const castOf = new Map<string, string>();
  const nodes: NodeProto[] = [];
  for (const node of graph.node) {
    if (BF16_OPERAND_OPS.has(node.opType)) {
      // Operands are the first two inputs (A·B, X∗W); a bias stays fp32, as fast-math adds it in fp32.
      node.input.slice(0, 2).forEach((name, i) => {
        if (name === '') return;
        if (floatInitializers.has(name)) {
          toRound.add(name);
          return;
        }
        let rounded = castOf.get(name);
        if (rounded === undefined) {
          rounded = `${name}__bf16_emulated`;
          const narrow = `${name}__bf16`;
          nodes.push(castNode(name, narrow, TensorProto_DataType.BFLOAT16, `${narrow}_cast`), castNode(narrow, rounded, TensorProto_DataType.FLOAT, `${rounded}_cast`));
          castOf.set(name, rounded);
          report.castPairs++;
        }
        node.input[i] = rounded;
      });
      report.affectedNodes++;
    }
    nodes.push(node);
  }
  graph.node = nodes;
  for (const t of graph.initializer) {
    if (!toRound.has(t.name)) continue;
    report.roundedInitializers++;
    report.roundedInitializerValues += roundTensor(t);
  }
  return { bytes: toBinary(ModelProtoSchema, model), report };
}
