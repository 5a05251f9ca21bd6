import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, countInitializerValues, sha256Hex } from '../src/index.ts';

describe('model inspection', () => {
  it('counts the values every initializer holds, and hashes the bytes', () => {
    const g = new GraphBuilder('t');
    g.input('x', 'FLOAT', [2, 3]);
    const w = g.initializer('w', 'FLOAT', [3, 4], new Float32Array(12));
    const b = g.constFloat('b', [1, 2, 3, 4]);
    g.op('Add', [g.op('MatMul', ['x', w]), b], {}, 'y');
    g.output('y', 'FLOAT', [2, 4]);
    const bytes = g.toBytes();
    expect(countInitializerValues(bytes)).toBe(3 * 4 + 4);
    expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('says null for bytes that are not an ONNX model', () => {
    expect(countInitializerValues(new TextEncoder().encode('not a model at all'))).toBeNull();
  });
});
