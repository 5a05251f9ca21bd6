/**
 * The result record: one per workload × backend × precision × mode. Errors are data (`status: 'error'` with `error`),
 * the environment travels with every result, and every reporter renders from this one type. The types are
 * `Static<>` of the schema in record-schema.ts, so the two cannot disagree.
 */
import type { Static } from '@sinclair/typebox';
import type {
  BackendInfoSchema,
  ErrorInfoSchema,
  ErrorRecordSchema,
  LatencyStatsSchema,
  ModeSchema,
  ModelInfoSchema,
  OkRecordSchema,
  PrecisionExecutionSchema,
  PrecisionNameSchema,
  ProfileInfoSchema,
  ProfileSummaryRowSchema,
  RunConfigSchema,
  SkippedRecordSchema,
  runRecordSchema,
} from './record-schema.ts';

export { RECORD_SCHEMA_VERSION } from './record-schema.ts';

export type RunStatus = RunRecord['status'];
export type Mode = Static<typeof ModeSchema>;
export type PrecisionName = Static<typeof PrecisionNameSchema>;
export type PrecisionExecution = Static<typeof PrecisionExecutionSchema>;
export type ModelInfo = Static<typeof ModelInfoSchema>;
export type BackendInfo = Static<typeof BackendInfoSchema>;
export type RunConfig = Static<typeof RunConfigSchema>;
export type ProfileSummaryRow = Static<typeof ProfileSummaryRowSchema>;
export type ProfileInfo = Static<typeof ProfileInfoSchema>;
export type ErrorInfo = Static<typeof ErrorInfoSchema>;
export type OkRecord = Static<typeof OkRecordSchema>;
export type ErrorRecord = Static<typeof ErrorRecordSchema>;
export type SkippedRecord = Static<typeof SkippedRecordSchema>;
export type RunRecord = OkRecord | ErrorRecord | SkippedRecord;
/** the same union as the schema says it (a compile-time check in record.test.ts) */
export type RunRecordOfSchema = Static<typeof runRecordSchema>;

/** stats.ts keeps its own LatencyStats interface; record.test.ts fails to compile if it and the schema drift apart. */
export type LatencyStatsOfSchema = Static<typeof LatencyStatsSchema>;
