/**
 * A failed transfer attempt, classified so the downloader knows whether to retry: server errors (5xx, 408, 429),
 * time-outs, dropped connections and short bodies are retried (resuming with Range); 4xx, TLS and redirect problems
 * are not. undici's errors (its `UND_ERR_*` codes, Node's socket and TLS codes) are turned into one line here.
 */
import { STATUS_CODES } from 'node:http';

export type TransferFailure = 'http' | 'timeout' | 'network' | 'truncated' | 'tls' | 'proxy' | 'redirect' | 'range';

export class TransferError extends Error {
  constructor(
    readonly failure: TransferFailure,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransferError';
  }
}

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** 5xx, 408 and 429 are worth another try; other statuses are answers. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** Every status RetryAgent should retry (it takes a list). */
export const RETRYABLE_STATUSES: readonly number[] = [408, 429, ...Array.from({ length: 100 }, (_, i) => 500 + i)];

export function statusText(status: number): string {
  const text = STATUS_CODES[status];
  return `HTTP ${status}${text ? ` ${text}` : ''}`;
}

interface UndiciLike {
  code?: string;
  message?: string;
  statusCode?: number;
  cause?: unknown;
}

/** Turns what undici (or the socket under it) threw into a TransferError; `idleTimeoutMs` names the time-out. */
export function classifyTransferError(e: unknown, url: URL, idleTimeoutMs: number): TransferError {
  if (e instanceof TransferError) return e;
  const err = (e ?? {}) as UndiciLike;
  // a TLS failure may arrive wrapped (undici's SecureProxyConnectionError keeps the socket's error as its cause)
  const inner = (err.cause ?? {}) as UndiciLike;
  const code = TLS_CODES.has(inner.code ?? '') ? (inner.code as string) : (err.code ?? '');
  const message = err.message ?? String(e);
  const where = url.host;
  if (TLS_CODES.has(code)) {
    return new TransferError(
      'tls',
      `TLS certificate of ${url.host} is not trusted (${code}); if a proxy or private CA signs it, point NODE_EXTRA_CA_CERTS at its PEM file`,
      false,
      undefined,
      { cause: e },
    );
  }
  if (TIMEOUT_CODES.has(code)) {
    const what = code === 'UND_ERR_CONNECT_TIMEOUT' ? `no connection in ${idleTimeoutMs} ms` : `no data for ${idleTimeoutMs} ms`;
    return new TransferError('timeout', `${where}: ${what}`, true, undefined, { cause: e });
  }
  if (code === 'UND_ERR_REQ_RETRY' && typeof err.statusCode === 'number') {
    const status = err.statusCode;
    // RetryAgent's own checks when it resumed a cut body: the server ignored the Range, or answered another range
    if (!isRetryableStatus(status)) return new TransferError('range', `${url.host} could not resume the body (${message}, ${statusText(status)}); starting over`, true, status, { cause: e });
    return new TransferError('http', `${statusText(status)} from ${url.href}`, true, status, { cause: e });
  }
  const proxyStatus = /Proxy response \((\d+)\)/.exec(message);
  if (proxyStatus) {
    const status = Number(proxyStatus[1]);
    return new TransferError('proxy', `the proxy refused CONNECT ${url.host}: ${statusText(status)}`, status >= 500, status, { cause: e });
  }
  const detail = code === 'UND_ERR_SOCKET' ? `connection closed (${message})` : code || message;
  return new TransferError('network', `${where}: ${detail}`, true, undefined, { cause: e });
}
