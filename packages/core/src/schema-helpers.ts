/** Small TypeBox helpers shared by the record's schema definitions. */
import { Type, type TSchema } from '@sinclair/typebox';

/** `T | null` */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** An object that allows no keys besides those listed (every record object is closed). */
export const Closed = <P extends Parameters<typeof Type.Object>[0]>(properties: P, description?: string) =>
  Type.Object(properties, description === undefined ? { additionalProperties: false } : { additionalProperties: false, description });

export const NullableNumber = Nullable(Type.Number());
export const NullableInteger = Nullable(Type.Integer());
export const NullableString = Nullable(Type.String());

/** The schema with a description (it travels into the JSON schema file, unlike a comment). */
export const Doc = <T extends TSchema>(schema: T, description: string): T => ({ ...schema, description });
