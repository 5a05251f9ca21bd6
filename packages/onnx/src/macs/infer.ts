/**
 * Walks a graph in node order: shapes (and small values) of every value from the initializers and the given input
 * dims, MACs of every counted node as a Dim. A node whose shape rule fails leaves its outputs unknown with the
 * reason; that only matters if a counted node needs them.
 */
import type { GraphProto, ValueInfoProto } from '../gen/onnx_pb.ts';
import { NonLinearDim, sym, type Dim } from './dim.ts';
import { ShapeError, type NodeContext, type SymbolInfo } from './context.ts';
import { CONTROL_FLOW_OPS, MAC_RULES, UNCOUNTED_MAC_OPS, macOpsInSubgraphs } from './mac-rules.ts';
import { ruleFor } from './rules.ts';
import { tensorValue, unknown, type TensorValue } from './value.ts';

export interface NodeMacs {
  node: string;
  opType: string;
  macs: Dim;
}

export interface Inference {
  values: Map<string, TensorValue>;
  symbols: Map<string, SymbolInfo>;
  counted: NodeMacs[];
  /** counted nodes whose MACs could not be determined, with why */
  failures: { node: string; opType: string; why: string }[];
}

export interface InferOptions {
  inputDims: Readonly<Record<string, readonly number[]>>;
  dimValues: Readonly<Record<string, number>>;
  excludeNodeNamePrefixes: readonly string[];
}

function inputValue(vi: ValueInfoProto, o: InferOptions): TensorValue {
  const t = vi.type?.value;
  if (t?.case !== 'tensorType') return unknown(`input '${vi.name}' is not a tensor`);
  const elemType = t.value.elemType;
  const declared = t.value.shape?.dim;
  const given = o.inputDims[vi.name];
  if (given) {
    if (declared && declared.length !== given.length) return unknown(`inputDims['${vi.name}'] has rank ${given.length}, the model's input has rank ${declared.length}`, elemType);
    const clash = declared?.findIndex((d, i) => d.value.case === 'dimValue' && Number(d.value.value) !== given[i]);
    if (clash !== undefined && clash >= 0) return unknown(`inputDims['${vi.name}'][${clash}] = ${given[clash]}, the model fixes it at ${declared?.[clash]?.value.value}`, elemType);
    return { elemType, shape: [...given] };
  }
  if (!declared) return unknown(`input '${vi.name}' has no declared shape and no inputDims entry`, elemType);
  const shape: number[] = [];
  for (const d of declared) {
    if (d.value.case === 'dimValue') shape.push(Number(d.value.value));
    else if (d.value.case === 'dimParam' && o.dimValues[d.value.value] !== undefined) shape.push(o.dimValues[d.value.value] as number);
    else return unknown(`input '${vi.name}' has an open dimension${d.value.case === 'dimParam' ? ` '${d.value.value}'` : ''}; pass inputDims['${vi.name}'] or dimValues`, elemType);
  }
  return { elemType, shape };
}

/** A rule's failure as text: its own message, or — for a malformed graph the rules did not foresee — the error's. */
function describe(e: unknown): string {
  if (e instanceof ShapeError || e instanceof NonLinearDim) return e.message;
  return `unexpected graph (${e instanceof Error ? e.message : String(e)})`;
}

function whyUnknown(inputs: (TensorValue | undefined)[]): string | undefined {
  return inputs.find((v) => v && !v.shape)?.why;
}

export function inferGraph(graph: GraphProto, o: InferOptions): Inference {
  const values = new Map<string, TensorValue>();
  const symbols = new Map<string, SymbolInfo>();
  const counted: NodeMacs[] = [];
  const failures: Inference['failures'] = [];
  for (const t of graph.initializer) values.set(t.name, tensorValue(t));
  for (const vi of graph.input) if (!values.has(vi.name)) values.set(vi.name, inputValue(vi, o));

  graph.node.forEach((node, index) => {
    const label = node.name || `${node.opType}#${index}`;
    const inputs = node.input.map((n) => (n === '' ? undefined : (values.get(n) ?? unknown(`'${n}' is produced by no node before '${label}'`))));
    while (inputs.length && inputs[inputs.length - 1] === undefined) inputs.pop();
    let made = 0;
    const ctx: NodeContext = {
      node,
      inputs,
      inputNames: node.input,
      newSymbol(origin, upperBound, partOf) {
        const name = `${node.output[0] || label}${made++ ? `#${made}` : ''}`;
        symbols.set(name, { name, origin, upperBound, ...(partOf ? { partOf } : {}) });
        return sym(name);
      },
    };
    let outputs: TensorValue[];
    const rule = ruleFor(node.opType, node.domain);
    if (!rule) outputs = node.output.map(() => unknown(`op ${node.domain ? `${node.domain}.` : ''}${node.opType} ('${label}') is not known to the MAC counter's shape inference`));
    else {
      try {
        outputs = rule(ctx);
      } catch (e) {
        const why = whyUnknown(inputs) ?? `${node.opType} '${label}': ${describe(e)}`;
        outputs = node.output.map(() => unknown(why));
      }
    }
    node.output.forEach((name, i) => {
      if (name) values.set(name, outputs[i] ?? unknown(`${node.opType} '${label}' output ${i} is not inferred`));
    });

    if (o.excludeNodeNamePrefixes.some((p) => node.name.startsWith(p))) return;
    if (UNCOUNTED_MAC_OPS.has(node.opType)) {
      failures.push({ node: label, opType: node.opType, why: `the MACs of ${node.opType} are not counted by this counter` });
      return;
    }
    if (CONTROL_FLOW_OPS.has(node.opType)) {
      const inside = macOpsInSubgraphs(node);
      if (inside.length) failures.push({ node: label, opType: node.opType, why: `its sub-graph runs ${inside.join(', ')} a data-dependent number of times, which the counter does not follow` });
      return;
    }
    const macRule = node.domain === '' || node.domain === 'ai.onnx' ? MAC_RULES[node.opType] : undefined;
    if (!macRule) return;
    const missing = whyUnknown(inputs) ?? (outputs[0]?.shape ? undefined : outputs[0]?.why);
    if (missing) {
      failures.push({ node: label, opType: node.opType, why: missing });
      return;
    }
    try {
      counted.push({ node: label, opType: node.opType, macs: macRule(ctx, outputs) });
    } catch (e) {
      failures.push({ node: label, opType: node.opType, why: describe(e) });
    }
  });
  return { values, symbols, counted, failures };
}
