/**
 * A small typed ONNX graph builder: initializers stored raw little-endian, explicit attribute types, opset 17 and
 * IR version 8 by default. It also keeps the parameter and multiply-accumulate counts that layer helpers report.
 */
import { serializeModel, type NodeDef } from './serialize.ts';
import type { Attr, ConstTensor, DataTypeName, Dim, TensorData, ValueInfo } from './types.ts';

export const DEFAULT_OPSET = 17;
export const DEFAULT_IR_VERSION = 8;

export class GraphBuilder {
  readonly nodes: NodeDef[] = [];
  readonly initializers: (ConstTensor & { name: string })[] = [];
  readonly inputs: ValueInfo[] = [];
  readonly outputs: ValueInfo[] = [];
  /** trainable parameters, counted as the reference framework counts them */
  parameters = 0;
  /** multiply-accumulates for one sample */
  macs = 0;
  private names = new Map<string, number>();

  constructor(readonly name: string) {}

  /** A unique value name with the given stem. */
  unique(stem: string): string {
    const n = this.names.get(stem) ?? 0;
    this.names.set(stem, n + 1);
    return n === 0 ? stem : `${stem}_${n}`;
  }

  input(name: string, dataType: DataTypeName, shape: readonly Dim[]): string {
    this.inputs.push({ name, dataType, shape });
    return name;
  }

  output(name: string, dataType: DataTypeName, shape: readonly Dim[]): string {
    this.outputs.push({ name, dataType, shape });
    return name;
  }

  /** Adds an initializer. `trainable` ones count towards `parameters`. */
  initializer(stem: string, dataType: DataTypeName, dims: readonly number[], data: TensorData, trainable = false): string {
    const expected = dims.reduce((a, b) => a * b, 1);
    if (data.length !== expected) throw new Error(`initializer ${stem}: ${data.length} values for dims [${dims}]`);
    const name = this.unique(stem);
    this.initializers.push({ name, dataType, dims, data });
    if (trainable) this.parameters += expected;
    return name;
  }

  constFloat(stem: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.initializer(stem, 'FLOAT', dims, Float32Array.from(values));
  }

  constInt64(stem: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.initializer(stem, 'INT64', dims, BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  /** Adds a node; returns its output names (generated from the op type when not given). */
  node(opType: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, outputs: number | readonly string[] = 1): string[] {
    const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.unique(opType.toLowerCase())) : [...outputs];
    this.nodes.push({ opType, inputs, outputs: outs, name: this.unique(`${opType}_node`), attrs });
    return outs;
  }

  /** Single-output convenience. */
  op(opType: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, output?: string): string {
    return this.node(opType, inputs, attrs, output === undefined ? 1 : [output])[0] as string;
  }

  count(parameters: number, macs: number): void {
    this.parameters += parameters;
    this.macs += macs;
  }

  toBytes(options: { opsetVersion?: number; irVersion?: number; metadata?: Record<string, string>; docString?: string } = {}): Uint8Array {
    return serializeModel({
      graph: { name: this.name, nodes: this.nodes, initializers: this.initializers, inputs: this.inputs, outputs: this.outputs },
      opsetVersion: options.opsetVersion ?? DEFAULT_OPSET,
      irVersion: options.irVersion ?? DEFAULT_IR_VERSION,
      producerName: 'modelbench',
      producerVersion: '0.1.0',
      metadata: options.metadata ?? {},
      ...(options.docString ? { docString: options.docString } : {}),
    });
  }
}
