/**
 * A failed transfer attempt, classified so the downloader knows whether to retry: server errors (5xx), time-outs,
 * dropped connections and short bodies are retried (resuming with Range); 4xx, TLS and redirect problems are not.
 */
export type TransferFailure = 'http' | 'timeout' | 'network' | 'truncated' | 'tls' | 'proxy' | 'redirect';

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

/** Turns a socket-level error into a TransferError (TLS trust problems are not retried: they do not go away). */
export function classifySocketError(e: unknown, url: URL): TransferError {
  if (e instanceof TransferError) return e;
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const message = (e as Error).message ?? String(e);
  if (TLS_CODES.has(code)) {
    return new TransferError(
      'tls',
      `TLS certificate of ${url.host} is not trusted (${code}); if a proxy or private CA signs it, point NODE_EXTRA_CA_CERTS at its PEM file`,
      false,
      undefined,
      { cause: e },
    );
  }
  return new TransferError('network', `${url.host}: ${code || message}`, true, undefined, { cause: e });
}

/** 5xx, 408 and 429 are worth another try; other statuses are answers. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}
