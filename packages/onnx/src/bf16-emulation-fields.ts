/**
 * The bf16 emulation rewrite of bf16-emulation.ts done at the protobuf field level with the hand-written reader and
 * writer: every field it does not touch is copied byte for byte. Kept as the independent reference the generated-code
 * rewrite is tested against (test/bf16-emulation.test.ts) and timed against (bench:onnx-codec).
 */
import { roundArrayToBf16InPlace } from './bf16.ts';
import { ProtoWriter, WIRE_BYTES, decodeFields, fieldString, type ProtoField } from './protobuf.ts';
import { AttributeType, DataType } from './types.ts';
import { BF16_OPERAND_OPS, type EmulationReport } from './bf16-emulation.ts';

const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const NODE_INPUT = 1;
const NODE_OP_TYPE = 4;
const TENSOR_DATA_TYPE = 2;
const TENSOR_FLOAT_DATA = 4;
const TENSOR_NAME = 8;
const TENSOR_RAW_DATA = 9;

function nodeOpType(fields: ProtoField[]): string {
  const f = fields.find((x) => x.field === NODE_OP_TYPE);
  return f ? fieldString(f) : '';
}

function roundTensor(tensorBytes: Uint8Array): { bytes: Uint8Array; values: number } {
  const fields = decodeFields(tensorBytes);
  const w = new ProtoWriter();
  let values = 0;
  for (const f of fields) {
    if (f.field === TENSOR_RAW_DATA || (f.field === TENSOR_FLOAT_DATA && f.wire === WIRE_BYTES)) {
      const src = f.value as Uint8Array;
      const copy = new Uint8Array(src); // aligned copy
      const floats = new Float32Array(copy.buffer, 0, copy.length / 4);
      roundArrayToBf16InPlace(floats);
      values += floats.length;
      w.bytes(f.field, copy);
    } else w.raw(f);
  }
  return { bytes: w.finish(), values };
}

function castNode(input: string, output: string, to: number, name: string): Uint8Array {
  const w = new ProtoWriter();
  w.string(1, input).string(2, output).string(3, name).string(4, 'Cast');
  w.message(5, (a) => a.string(1, 'to').int(3, to).int(20, AttributeType.INT));
  return w.finish();
}

function rewriteNodeInputs(nodeFields: ProtoField[], replace: Map<number, string>): Uint8Array {
  const w = new ProtoWriter();
  let inputIndex = 0;
  for (const f of nodeFields) {
    if (f.field === NODE_INPUT) {
      const r = replace.get(inputIndex++);
      if (r !== undefined) {
        w.string(NODE_INPUT, r);
        continue;
      }
    }
    w.raw(f);
  }
  return w.finish();
}

function rewriteGraph(graphBytes: Uint8Array, report: EmulationReport): Uint8Array {
  const fields = decodeFields(graphBytes);
  const floatInitializers = new Set<string>();
  for (const f of fields) {
    if (f.field !== GRAPH_INITIALIZER) continue;
    const t = decodeFields(f.value as Uint8Array);
    const type = t.find((x) => x.field === TENSOR_DATA_TYPE);
    const name = t.find((x) => x.field === TENSOR_NAME);
    if (name && type && Number(type.value) === DataType.FLOAT) floatInitializers.add(fieldString(name));
  }

  const toRound = new Set<string>();
  const castOf = new Map<string, string>();
  const w = new ProtoWriter();
  // Nodes first (in order, with Cast pairs placed before their first consumer), then every other field unchanged.
  for (const f of fields) {
    if (f.field !== GRAPH_NODE) continue;
    const nodeFields = decodeFields(f.value as Uint8Array);
    if (!BF16_OPERAND_OPS.has(nodeOpType(nodeFields))) {
      w.raw(f);
      continue;
    }
    const inputs = nodeFields.filter((x) => x.field === NODE_INPUT).map(fieldString);
    const replace = new Map<number, string>();
    // Operands are the first two inputs (A·B, X∗W); a bias stays fp32, as fast-math adds it in fp32.
    inputs.slice(0, 2).forEach((name, i) => {
      if (name === '') return;
      if (floatInitializers.has(name)) {
        toRound.add(name);
        return;
      }
      let rounded = castOf.get(name);
      if (rounded === undefined) {
        rounded = `${name}__bf16_emulated`;
        const narrow = `${name}__bf16`;
        w.bytes(GRAPH_NODE, castNode(name, narrow, DataType.BFLOAT16, `${narrow}_cast`));
        w.bytes(GRAPH_NODE, castNode(narrow, rounded, DataType.FLOAT, `${rounded}_cast`));
        castOf.set(name, rounded);
        report.castPairs++;
      }
      replace.set(i, rounded);
    });
    report.affectedNodes++;
    w.bytes(GRAPH_NODE, replace.size ? rewriteNodeInputs(nodeFields, replace) : (f.value as Uint8Array));
  }
  for (const f of fields) {
    if (f.field === GRAPH_NODE) continue;
    if (f.field === GRAPH_INITIALIZER) {
      const t = decodeFields(f.value as Uint8Array);
      const nameField = t.find((x) => x.field === TENSOR_NAME);
      if (nameField && toRound.has(fieldString(nameField))) {
        const { bytes, values } = roundTensor(f.value as Uint8Array);
        report.roundedInitializers++;
        report.roundedInitializerValues += values;
        w.bytes(GRAPH_INITIALIZER, bytes);
        continue;
      }
    }
    w.raw(f);
  }
  return w.finish();
}

/** emulateBf16 at the field level: the same model, untouched fields copied byte for byte. */
export function emulateBf16ByFields(modelBytes: Uint8Array): { bytes: Uint8Array; report: EmulationReport } {
  const report: EmulationReport = { roundedInitializers: 0, roundedInitializerValues: 0, castPairs: 0, affectedNodes: 0 };
  const w = new ProtoWriter();
  let sawGraph = false;
  for (const f of decodeFields(modelBytes)) {
    if (f.field === MODEL_GRAPH && f.wire === WIRE_BYTES) {
      w.bytes(MODEL_GRAPH, rewriteGraph(f.value as Uint8Array, report));
      sawGraph = true;
    } else w.raw(f);
  }
  if (!sawGraph) throw new Error('not an ONNX model: no graph');
  return { bytes: w.finish(), report };
}
