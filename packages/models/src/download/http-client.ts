/**
 * HTTP(S) GETs for the downloader on undici: `EnvHttpProxyAgent` picks the proxy for each URL (HTTPS_PROXY through a
 * CONNECT tunnel, HTTP_PROXY as a forward proxy, NO_PROXY to go direct; settings from proxy.ts) and `RetryAgent`
 * retries 5xx answers, dropped connections and time-outs, resuming a cut body with `Range` (and `If-Match` on its
 * ETag) so the caller reads one continuous body. The idle time-out is undici's: connecting, waiting for the headers
 * and between two body chunks. TLS trust: Node adds NODE_EXTRA_CA_CERTS to the default store at start-up, which
 * undici's TLS sockets use, so a corporate CA works without code here (test/download-proxy.test.ts checks it in a
 * child process). Redirects are followed here, hop by hop: undici's redirect interceptor would follow an https → http
 * downgrade and does not say where it ended.
 */
import { Readable } from 'node:stream';
import { EnvHttpProxyAgent, RetryAgent, type Dispatcher } from 'undici';
import { proxySettings } from './proxy.ts';
import type { RetryBudget } from './retry-budget.ts';
import { RETRYABLE_STATUSES, TransferError, classifyTransferError } from './transfer-error.ts';

const USER_AGENT = 'modelbench/0.1 (node)';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface HttpClient {
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

export function openHttpClient(o: { env: NodeJS.ProcessEnv; idleTimeoutMs: number; budget: RetryBudget }): HttpClient {
  const agent = new EnvHttpProxyAgent({
    ...proxySettings(o.env),
    // http URLs go to HTTP_PROXY in absolute form (a forward proxy), https URLs through CONNECT
    proxyTunnel: false,
    headersTimeout: o.idleTimeoutMs,
    bodyTimeout: o.idleTimeoutMs,
    connect: { timeout: o.idleTimeoutMs },
  });
  const dispatcher = new RetryAgent(agent, {
    retry: o.budget.retry,
    statusCodes: [...RETRYABLE_STATUSES],
    methods: ['GET'],
  });
  return {
    dispatcher,
    close: () => dispatcher.destroy().catch(() => undefined),
  };
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
  /** the URL that answered, after redirects */
  url: URL;
}

/** Drops a body that will not be read (its abort error is expected, not reported). */
export function discardBody(body: Readable): void {
  body.on('error', () => undefined).destroy();
}

export const headerValue = (h: HttpAnswer['headers'], name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * GETs `url`, following up to `maxRedirects` redirects (relative Locations resolved; the same headers, Range
 * included, sent to each hop; https → http refused). Resolves with the first non-redirect answer, whatever its
 * status; the caller reads or discards the body.
 */
export async function httpGet(client: HttpClient, budget: RetryBudget, url: string, headers: Record<string, string>, idleTimeoutMs: number, maxRedirects = 10): Promise<HttpAnswer> {
  let current = new URL(url);
  for (let hops = 0; ; hops++) {
    budget.url = current;
    let res: Dispatcher.ResponseData;
    try {
      res = await client.dispatcher.request({
        origin: current.origin,
        path: `${current.pathname}${current.search}`,
        method: 'GET',
        headers: { 'user-agent': USER_AGENT, 'accept-encoding': 'identity', ...headers },
      });
    } catch (e) {
      throw classifyTransferError(e, current, idleTimeoutMs);
    }
    const location = headerValue(res.headers, 'location');
    if (!REDIRECTS.has(res.statusCode) || location === undefined) return { status: res.statusCode, headers: res.headers, body: res.body, url: current };
    discardBody(res.body);
    if (hops >= maxRedirects) throw new TransferError('redirect', `more than ${maxRedirects} redirects from ${new URL(url).href}`, false);
    if (!URL.canParse(location, current.href)) throw new TransferError('redirect', `bad redirect Location '${location}' from ${current.href}`, false);
    const next = new URL(location, current);
    if (current.protocol === 'https:' && next.protocol === 'http:') throw new TransferError('redirect', `refusing a redirect from https to http (${next.href})`, false);
    current = next;
  }
}
