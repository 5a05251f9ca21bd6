/**
 * `mlperf_log_accuracy.json` as LoadGen writes it (logging.cc AsyncLog::LogAccuracy and the header/footer written
 * around a run): a JSON array of `{ "seq_id" : N, "qsl_idx" : I, "data" : "HEX" }`, one a response, `data` the
 * response's bytes as upper-case hex, each on its own line. A performance run logs no responses: `[` + `\n]\n`.
 * What the bytes mean belongs to the workload (an encoder in its package); this module knows only bytes.
 */

/** One response: the sample's index in the data set (LoadGen's QSL index) and the bytes the SUT returned. */
export interface MlperfAccuracyEntry {
  qslIdx: number;
  data: Uint8Array;
}

/** Bytes as LoadGen's hex (two upper-case digits a byte, no separator). */
export function hexOf(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  return s;
}

/** The file's text; entries keep their order, `seq_id` counts them from 0. */
export function mlperfAccuracyJson(entries: readonly MlperfAccuracyEntry[]): string {
  const body = entries.map((e, i) => `\n{ "seq_id" : ${i}, "qsl_idx" : ${e.qslIdx}, "data" : "${hexOf(e.data)}" }`).join(',');
  return `[${body}\n]\n`;
}

/** Little-endian float32 bytes of `values` (numpy's `np.float32` on x86 and ARM, as the reference scripts read them). */
export function float32Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

/** Little-endian int64 bytes (numpy `np.int64`). */
export function int64Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return out;
}

/**
 * What a workload supplies to write its accuracy log: the encoding of one sample's prediction into the responses
 * LoadGen would have logged (one for an image; one a window for BERT), and how MLPerf's own script checks the file.
 * P the workload's prediction, S its sample, R the sample's stored record.
 */
export interface MlperfAccuracyEncoder<P, S, R = unknown> {
  /**
   * 'sample': each response's qsl_idx is the sample's index in the data set; 'response': responses are numbered in
   * order over the run (BERT: the reference's feature index, every window of every question in turn).
   */
  indexing: 'sample' | 'response';
  /** the responses of one sample (`index` its place in the data set), in order; null for a slot the suite cannot
   * fill in the reference's layout (counted for 'response' numbering, not logged) */
  encode(prediction: P, sample: S, record: R, index: number): (Uint8Array | null)[];
  /** MLPerf's script and its arguments for this layout (the README's exact command); {log} is the file */
  checkCommand: string;
}
