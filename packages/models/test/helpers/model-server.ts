/**
 * Test helpers: a small real ONNX model built with the project's GraphBuilder, and a real node:http server on
 * 127.0.0.1 (random port) whose routes each test scripts: whole body, Range, truncation, drops, stalls, redirects.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphBuilder } from '@modelbench/onnx';

/** x float [N,128] → MatMul(128×128 weights) → Relu → y; about 64 KiB. */
export function tinyModel(seed = 1): { bytes: Uint8Array; sha256: string; sizeBytes: number } {
  const g = new GraphBuilder('tiny');
  const x = g.input('x', 'FLOAT', ['N', 128]);
  const w = new Float32Array(128 * 128);
  for (let i = 0; i < w.length; i++) w[i] = Math.sin(i * 0.37 + seed);
  const weights = g.initializer('w', 'FLOAT', [128, 128], w, true);
  const h = g.op('MatMul', [x, weights]);
  g.op('Relu', [h], {}, 'y');
  g.output('y', 'FLOAT', ['N', 128]);
  const bytes = g.toBytes();
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: bytes.length };
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export type Route = (req: http.IncomingMessage, res: http.ServerResponse, nth: number) => void;

export interface TestServer {
  port: number;
  url(path: string): string;
  /** requests in arrival order */
  seen: SeenRequest[];
  route(path: string, handler: Route): void;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const routes = new Map<string, Route>();
  const counts = new Map<string, number>();
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    seen.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    const handler = routes.get(path);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    handler(req, res, n);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    seen,
    route: (path, handler) => void routes.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `Range: bytes=N-` or `bytes=N-M` (what undici's RetryAgent sends when it resumes) → N and M, else undefined. */
export function requestedRange(req: http.IncomingMessage): { start: number; end: number | undefined } | undefined {
  const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  return m ? { start: Number(m[1]), end: m[2] === '' ? undefined : Number(m[2]) } : undefined;
}

export interface ServeOptions {
  /** answer Range requests with 206 (default true) */
  honourRange?: boolean;
  /** send only the first N bytes of this response's body, then end cleanly (chunked, no Content-Length) */
  endAfterBytes?: number;
  /** send the first N bytes of this response's body, then destroy the socket (Content-Length announced) */
  dropAfterBytes?: number;
  /** send the first N bytes, then go silent (the socket stays open) */
  stallAfterBytes?: number;
  /** pause between 4 KiB chunks */
  chunkDelayMs?: number;
  headers?: Record<string, string>;
}

/** Serves `bytes` (or the requested tail of it), misbehaving as asked. */
export function serveBytes(req: http.IncomingMessage, res: http.ServerResponse, bytes: Uint8Array, o: ServeOptions = {}): void {
  const range = o.honourRange === false ? undefined : requestedRange(req);
  const start = range?.start;
  const last = Math.min(range?.end ?? bytes.length - 1, bytes.length - 1);
  const body = Buffer.from(bytes.subarray(start ?? 0, last + 1));
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', ...o.headers };
  if (o.endAfterBytes === undefined) headers['content-length'] = String(body.length);
  if (start !== undefined) headers['content-range'] = `bytes ${start}-${last}/${bytes.length}`;
  res.writeHead(start !== undefined ? 206 : 200, headers);
  const limit = o.endAfterBytes ?? o.dropAfterBytes ?? o.stallAfterBytes ?? body.length;
  const part = body.subarray(0, Math.min(limit, body.length));
  const finish = (): void => {
    if (o.dropAfterBytes !== undefined) setTimeout(() => res.socket?.destroy(), 20);
    else if (o.stallAfterBytes !== undefined) return;
    else res.end();
  };
  if (!o.chunkDelayMs) {
    res.write(part, finish);
    return;
  }
  let at = 0;
  const next = (): void => {
    if (at >= part.length) return finish();
    const chunk = part.subarray(at, at + 4096);
    at += chunk.length;
    res.write(chunk, () => setTimeout(next, o.chunkDelayMs));
  };
  next();
}
