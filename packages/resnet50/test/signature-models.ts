/** Small ONNX files carrying the real signatures (built with the project's graph builder), for adapter tests. */
import { GraphBuilder } from '@modelbench/onnx';
import { Rng } from '@modelbench/models';

/** [N,3,224,224] → GlobalAveragePool → Flatten → MatMul[3,1000] (+ bias) → [N,1000], with the given names. */
export function classifierWithSignature(inputName: string, outputName: string, batch: number | string = 'N'): Uint8Array {
  const g = new GraphBuilder('signature');
  g.input(inputName, 'FLOAT', [batch, 3, 224, 224]);
  const pooled = g.op('GlobalAveragePool', [inputName]);
  const flat = g.op('Flatten', [pooled], { axis: { kind: 'int', value: 1 } });
  const w = g.initializer('w', 'FLOAT', [3, 1000], new Rng(1).fillNormal(new Float32Array(3000), 0, 1));
  const y = g.op('MatMul', [flat, w]);
  g.op('Add', [y, g.constFloat('b', Array.from({ length: 1000 }, (_, i) => i / 1000))], {}, outputName);
  g.output(outputName, 'FLOAT', [batch, 1000]);
  return g.toBytes();
}
