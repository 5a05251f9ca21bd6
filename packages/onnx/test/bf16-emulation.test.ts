/**
 * The bf16 rewrite (over the generated onnx.proto code) and the field-level one give the same model: two
 * implementations over two codecs, compared message by message.
 */
import { equals, fromBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, attr, emulateBf16ByFields, emulateBf16, onnxProto, roundToBf16 } from '../src/index.ts';

function model(): Uint8Array {
  const g = new GraphBuilder('mixed');
  g.input('x', 'FLOAT', [1, 2, 4, 4]);
  const w = g.constFloat('w', [0.1, 0.2, 0.30000001, 0.4, 1.0009765625, 3.14159, 2.71828, 1.41421], [2, 2, 1, 2]);
  const c = g.op('Conv', ['x', w, g.constFloat('b', [0.123456, 0.654321])], { kernel_shape: attr.ints([1, 2]) });
  const f = g.op('Flatten', [c], { axis: attr.int(1) });
  const gemm = g.op('Gemm', [f, g.constFloat('fc', Array.from({ length: 24 }, (_, i) => i / 7), [24, 1])], {});
  g.op('MatMul', [f, g.op('Transpose', [f])], {}, 'gram'); // an activation used twice: one Cast pair
  g.op('Relu', [gemm], {}, 'y');
  g.output('y', 'FLOAT', [1, 1]);
  g.output('gram', 'FLOAT', [1, 1]);
  return g.toBytes({ metadata: { kept: 'yes' } });
}

describe('bf16 rewrite over the generated code', () => {
  it('gives the same model and report as the field-level rewrite', () => {
    const a = emulateBf16ByFields(model());
    const b = emulateBf16(model());
    expect(b.report).toEqual(a.report);
    expect(b.report).toEqual({ roundedInitializers: 2, roundedInitializerValues: 8 + 24, castPairs: 3, affectedNodes: 3 });
    const schema = onnxProto.ModelProtoSchema;
    expect(equals(schema, fromBinary(schema, b.bytes), fromBinary(schema, a.bytes))).toBe(true);
  });

  it('rounds the operand initializers nearest-even and leaves the bias alone', () => {
    const out = fromBinary(onnxProto.ModelProtoSchema, emulateBf16(model()).bytes);
    const read = (name: string): number[] => {
      const t = out.graph?.initializer.find((i) => i.name === name);
      const raw = new Uint8Array(t?.rawData ?? []);
      return Array.from(new Float32Array(raw.buffer));
    };
    expect(read('w')).toEqual([0.1, 0.2, 0.30000001, 0.4, 1.0009765625, 3.14159, 2.71828, 1.41421].map(roundToBf16));
    expect(read('b')).toEqual([Math.fround(0.123456), Math.fround(0.654321)]);
    expect(out.metadataProps.find((p) => p.key === 'kept')?.value).toBe('yes');
  });

  it('does not touch the input bytes', () => {
    const bytes = model();
    const copy = new Uint8Array(bytes);
    emulateBf16(bytes);
    expect(Buffer.from(bytes).equals(Buffer.from(copy))).toBe(true);
  });
});
