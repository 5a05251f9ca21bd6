/**
 * Minimal protobuf wire-format writer and reader, for rewriting ONNX models field by field while keeping every field
 * it does not touch byte-for-byte (bf16 emulation, bf16-emulation-fields.ts). Models are written, and read, with the
 * generated code (serialize.ts, proto-model.ts); the field-level model writer GraphBuilder once used is a test-only
 * cross-check now (test/helpers/field-writer.ts).
 */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

export class ProtoWriter {
  private chunks: Uint8Array[] = [];
  private scratch: number[] = [];

  private flushScratch(): void {
    if (this.scratch.length) {
      this.chunks.push(Uint8Array.from(this.scratch));
      this.scratch = [];
    }
  }

  private varint(value: bigint | number): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.scratch.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.scratch.push(Number(v));
  }

  private tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.scratch.push(...b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_BYTES);
    this.varint(value.length);
    this.flushScratch();
    this.chunks.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const child = new ProtoWriter();
    build(child);
    return this.bytes(field, child.finish());
  }

  /** Packed repeated varints (accepted by every proto2 and proto3 parser). */
  packedInts(field: number, values: readonly (number | bigint)[]): this {
    const child = new ProtoWriter();
    for (const v of values) child.varint(v);
    return this.bytes(field, child.finish());
  }

  packedFloats(field: number, values: readonly number[]): this {
    const b = new Uint8Array(values.length * 4);
    const dv = new DataView(b.buffer);
    values.forEach((v, i) => dv.setFloat32(i * 4, v, true));
    return this.bytes(field, b);
  }

  /** Copies a field read by ProtoReader back out unchanged. */
  raw(field: ProtoField): this {
    this.tag(field.field, field.wire);
    if (field.wire === WIRE_VARINT) this.varint(field.value as bigint);
    else if (field.wire === WIRE_BYTES) {
      const v = field.value as Uint8Array;
      this.varint(v.length);
      this.flushScratch();
      this.chunks.push(v);
    } else this.scratch.push(...(field.value as Uint8Array));
    return this;
  }

  finish(): Uint8Array {
    this.flushScratch();
    const total = this.chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let off = 0;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    this.chunks = [out];
    return out;
  }
}

export interface ProtoField {
  field: number;
  wire: number;
  /** bigint for varints, a view into the buffer for bytes and fixed-width fields */
  value: bigint | Uint8Array;
}

export class ProtoDecodeError extends Error {}

/** Decodes one message level into its fields, in order; nested messages stay as byte views. */
export function decodeFields(buf: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let pos = 0;
  const readVarint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new ProtoDecodeError('truncated varint');
      const b = buf[pos++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new ProtoDecodeError('varint too long');
    }
  };
  while (pos < buf.length) {
    const key = Number(readVarint());
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 0) throw new ProtoDecodeError('field number 0');
    let value: bigint | Uint8Array;
    if (wire === WIRE_VARINT) value = readVarint();
    else if (wire === WIRE_FIXED64 || wire === WIRE_FIXED32) {
      const n = wire === WIRE_FIXED64 ? 8 : 4;
      if (pos + n > buf.length) throw new ProtoDecodeError('truncated fixed field');
      value = buf.subarray(pos, pos + n);
      pos += n;
    } else if (wire === WIRE_BYTES) {
      const len = Number(readVarint());
      if (pos + len > buf.length) throw new ProtoDecodeError('truncated length-delimited field');
      value = buf.subarray(pos, pos + len);
      pos += len;
    } else throw new ProtoDecodeError(`unsupported wire type ${wire}`);
    fields.push({ field, wire, value });
  }
  return fields;
}

export function fieldString(f: ProtoField): string {
  return new TextDecoder().decode(f.value as Uint8Array);
}

/** Reads repeated varints whether they were written packed or one per field. */
export function repeatedInts(fields: readonly ProtoField[], field: number): bigint[] {
  const out: bigint[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (f.wire === WIRE_VARINT) out.push(f.value as bigint);
    else if (f.wire === WIRE_BYTES) {
      const bytes = f.value as Uint8Array;
      let pos = 0;
      while (pos < bytes.length) {
        let result = 0n;
        let shift = 0n;
        for (;;) {
          const b = bytes[pos++] as number;
          result |= BigInt(b & 0x7f) << shift;
          if ((b & 0x80) === 0) break;
          shift += 7n;
        }
        out.push(result);
      }
    }
  }
  return out;
}
