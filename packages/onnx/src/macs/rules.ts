/** Every shape rule the counter knows, by op type (default ONNX domain). */
import { known, type NodeContext } from './context.ts';
import { DATA_DEPENDENT_RULES } from './data-dependent.ts';
import { ELEMENTWISE_OPS, REDUCE_OPS, inferElementwise, inferReduce } from './elementwise.ts';
import { MATMUL_RULES } from './matmul-ops.ts';
import { SHAPE_RULES } from './shape-ops.ts';
import { SPATIAL_RULES } from './spatial-ops.ts';
import type { TensorValue } from './value.ts';

export type ShapeRule = (ctx: NodeContext) => TensorValue[];

/** Output 0 has the shape and type of input 0 (normalisations, softmax). */
const sameAsInput: ShapeRule = (ctx) => {
  const x = known(ctx, 0);
  return [{ elemType: x.elemType, shape: x.shape }];
};

const SAME_AS_INPUT = [
  'Softmax', 'LogSoftmax', 'Hardmax', 'LayerNormalization', 'BatchNormalization', 'InstanceNormalization', 'GroupNormalization', 'LRN',
  'CumSum', 'Trilu', 'LpNormalization', 'MeanVarianceNormalization',
];

export function ruleFor(opType: string, domain: string): ShapeRule | undefined {
  if (domain !== '' && domain !== 'ai.onnx') return undefined;
  if (ELEMENTWISE_OPS.has(opType)) return inferElementwise;
  if (REDUCE_OPS.has(opType)) return inferReduce;
  if (SAME_AS_INPUT.includes(opType)) return sameAsInput;
  return SHAPE_RULES[opType] ?? SPATIAL_RULES[opType] ?? MATMUL_RULES[opType] ?? DATA_DEPENDENT_RULES[opType];
}
