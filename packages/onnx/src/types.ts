/** ONNX enums and attribute values, typed. Numbers are those of onnx.proto. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
  BFLOAT16: 16,
} as const;
export type DataTypeName = keyof typeof DataType;

export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

export type TensorData = Float32Array | BigInt64Array | Int32Array | Uint8Array | Int8Array | Uint16Array;

export interface ConstTensor {
  dataType: DataTypeName;
  dims: readonly number[];
  data: TensorData;
}

export type Attr =
  | { kind: 'float'; value: number }
  | { kind: 'int'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'strings'; value: readonly string[] }
  | { kind: 'tensor'; value: ConstTensor }
  | { kind: 'graph'; value: Uint8Array };

/** Attribute constructors: explicit types, so an integer-valued float is never written as an int. */
export const attr = {
  float: (value: number): Attr => ({ kind: 'float', value }),
  int: (value: number): Attr => ({ kind: 'int', value }),
  string: (value: string): Attr => ({ kind: 'string', value }),
  floats: (value: readonly number[]): Attr => ({ kind: 'floats', value }),
  ints: (value: readonly number[]): Attr => ({ kind: 'ints', value }),
  strings: (value: readonly string[]): Attr => ({ kind: 'strings', value }),
  tensor: (value: ConstTensor): Attr => ({ kind: 'tensor', value }),
};

export type Dim = number | string;

export interface ValueInfo {
  name: string;
  dataType: DataTypeName;
  shape: readonly Dim[];
}
