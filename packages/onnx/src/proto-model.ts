/**
 * ONNX models decoded with the code generated from the official onnx.proto (src/gen, @bufbuild/protobuf): the
 * read-only view used by model inspection and MAC counting. Byte-preserving rewrites (bf16 emulation) keep the
 * hand-written field reader in protobuf.ts; see tools/bench/src/onnx-codec.ts for the measured trade-off.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, type ModelProto } from './gen/onnx_pb.ts';

export * as onnxProto from './gen/onnx_pb.ts';
export type { ModelProto, GraphProto, NodeProto, TensorProto, AttributeProto, ValueInfoProto } from './gen/onnx_pb.ts';

export class OnnxDecodeError extends Error {}

/** Decodes ONNX model bytes; throws OnnxDecodeError when they are not a protobuf ModelProto with a graph. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, bytes);
  } catch (e) {
    throw new OnnxDecodeError(`not an ONNX model: ${(e as Error).message}`);
  }
  if (!model.graph) throw new OnnxDecodeError('not an ONNX model: no graph');
  return model;
}
