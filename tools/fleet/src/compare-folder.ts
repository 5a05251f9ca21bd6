/** What the fleet takes from `compare` for its results folders: the matrix's error records, settings, resume rules and record reading. */
export { cellRecord, checkResumable, existingRecordAt, isFinished, readManifest, writeManifest, type MatrixSettings } from '@modelbench/compare';
