/**
 * GraphBuilder writes through the generated @bufbuild/protobuf code. Checked three ways: the bytes of a small tensor
 * worked by hand from the protobuf encoding rules (proto2 repeated int64 unpacked: one tag per value); every field
 * kind GraphBuilder writes decodes to the same ModelProto as the field-level writer it replaces
 * (test/helpers/field-writer.ts, kept only for this cross-check); and onnxruntime runs a model it wrote, with a worked
 * result.
 */
import { equals, fromBinary, toBinary } from '@bufbuild/protobuf';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { ModelProtoSchema, TensorProtoSchema } from '../src/gen/onnx_pb.ts';
import { GraphBuilder, attr, serializeGraph, serializeModel, tensorProto, type ModelDef } from '../src/index.ts';
import { serializeModel as fieldWriterModel } from './helpers/field-writer.ts';

describe('ONNX serialization through the generated code', () => {
  it('a tensor: the bytes as the protobuf encoding rules give them', () => {
    const bytes = toBinary(TensorProtoSchema, tensorProto({ dataType: 'FLOAT', dims: [2, 1], data: Float32Array.of(1.5, -2) }, 'w'));
    // dims (1, varint): 08 02, 08 01; data_type (2): 10 01; name (8, bytes): 42 01 'w'; raw_data (9): 4a 08 + 1.5f, -2f LE
    expect([...bytes]).toEqual([0x08, 0x02, 0x08, 0x01, 0x10, 0x01, 0x42, 0x01, 0x77, 0x4a, 0x08, 0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0xc0]);
  });

  it('every field kind decodes to the same ModelProto as the field-level writer wrote', () => {
    const body = serializeGraph({
      name: 'body',
      nodes: [{ opType: 'Identity', inputs: ['c'], outputs: ['c_out'], name: 'keep', attrs: {} }],
      initializers: [],
      inputs: [{ name: 'c', dataType: 'BOOL', shape: [] }],
      outputs: [{ name: 'c_out', dataType: 'BOOL', shape: [] }],
    });
    const def: ModelDef = {
      graph: {
        name: 'all-kinds',
        nodes: [
          {
            opType: 'Custom',
            domain: 'ai.modelbench.test',
            inputs: ['x', ''],
            outputs: ['y'],
            name: 'n0',
            attrs: {
              f: attr.float(0.25),
              i: attr.int(-3),
              s: attr.string('héllo'),
              fs: attr.floats([1, -0.5]),
              is: attr.ints([-1, 0, 2 ** 40]),
              ss: attr.strings(['a', '']),
              t: attr.tensor({ dataType: 'INT64', dims: [2], data: BigInt64Array.of(-7n, 9n) }),
              g: { kind: 'graph', value: body },
            },
          },
        ],
        initializers: [
          { name: 'w', dataType: 'FLOAT', dims: [2, 2], data: Float32Array.of(1, 2, 3, 4) },
          { name: 'scalar', dataType: 'INT32', dims: [], data: Int32Array.of(5) },
        ],
        inputs: [{ name: 'x', dataType: 'FLOAT', shape: ['N', 2] }],
        outputs: [{ name: 'y', dataType: 'FLOAT16', shape: [1, 'M'] }],
      },
      opsetVersion: 17,
      irVersion: 8,
      producerName: 'modelbench',
      producerVersion: '0.1.0',
      metadata: { a: '1', b: 'two' },
      docString: 'doc',
    };
    const ours = fromBinary(ModelProtoSchema, serializeModel(def));
    const theirs = fromBinary(ModelProtoSchema, fieldWriterModel(def));
    expect(equals(ModelProtoSchema, ours, theirs)).toBe(true);
    // and the decoded values are the ones given, not merely equal to each other
    const n = ours.graph!.node[0]!;
    const byName = Object.fromEntries(n.attribute.map((a) => [a.name, a]));
    expect([byName.f!.f, byName.i!.i, new TextDecoder().decode(byName.s!.s), byName.fs!.floats, byName.is!.ints]).toEqual([0.25, -3n, 'héllo', [1, -0.5], [-1n, 0n, 2n ** 40n]]);
    expect([...byName.t!.t!.rawData]).toEqual([0xf9, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 9, 0, 0, 0, 0, 0, 0, 0]);
    expect(byName.g!.g!.node[0]!.name).toBe('keep');
    expect([n.domain, n.input, ours.opsetImport[0]!.version, ours.irVersion, ours.docString]).toEqual(['ai.modelbench.test', ['x', ''], 17n, 8n, 'doc']);
    expect(ours.graph!.input[0]!.type!.value).toMatchObject({ case: 'tensorType', value: { elemType: 1, shape: { dim: [{ value: { case: 'dimParam', value: 'N' } }, { value: { case: 'dimValue', value: 2n } }] } } });
    expect(ours.metadataProps.map((p) => [p.key, p.value])).toEqual([['a', '1'], ['b', 'two']]);
  });

  it('onnxruntime runs what GraphBuilder wrote: y = Relu(x · W) + c, worked by hand', async () => {
    const g = new GraphBuilder('tiny');
    g.input('x', 'FLOAT', ['N', 2]);
    const w = g.initializer('w', 'FLOAT', [2, 2], Float32Array.of(1, -1, 2, 0.5), true);
    const c = g.op('Constant', [], { value: attr.tensor({ dataType: 'FLOAT', dims: [2], data: Float32Array.of(0.25, 10) }) });
    g.op('Add', [g.op('Relu', [g.op('MatMul', ['x', w])]), c], {}, 'y');
    g.output('y', 'FLOAT', ['N', 2]);
    const s = await ort.InferenceSession.create(g.toBytes());
    const out = await s.run({ x: new ort.Tensor('float32', Float32Array.of(1, 2, -1, 0), [2, 2]) });
    // row 1: [1·1 + 2·2, 1·(-1) + 2·0.5] = [5, 0] → relu [5, 0] + [0.25, 10]; row 2: [-1, 1] → [0, 1] + c
    expect([...(out.y!.data as Float32Array)]).toEqual([5.25, 10, 0.25, 11]);
    await s.release();
  });
});

