/**
 * onnxruntime-node 1.30.0's native library creates an empty `/tmp/mat-debug-<pid>.log` (its telemetry's debug log) in
 * every process that opens a session, and never removes it. The library reads `ORT_DISABLE_TELEMETRY` (the name is in
 * libonnxruntime.so.1 beside `mat-debug-`) when its environment is created, at the first session: with it set to 1
 * no file is made. It is set here before any session unless the user set it.
 */
export function disableOrtTelemetryLog(env: NodeJS.ProcessEnv = process.env): void {
  env.ORT_DISABLE_TELEMETRY ??= '1';
}
