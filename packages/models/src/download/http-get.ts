/**
 * One HTTP(S) GET with redirects, an idle time-out and proxies, on node:http/https (no dependency).
 *
 * Proxies: Node 20's fetch ignores HTTPS_PROXY, and undici's ProxyAgent is only reachable here as an undeclared
 * transitive package, so this module tunnels itself: https URLs through `CONNECT host:443` on the proxy and TLS over
 * the tunnel; http URLs by sending the absolute URL to the proxy. TLS trust: Node reads NODE_EXTRA_CA_CERTS once at
 * start-up and adds those CAs to the default store that tls.connect/https.request use, so a corporate CA works
 * without code here (test/download-tls.test.ts checks it with a child process).
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { isIP } from 'node:net';
import { proxyAuthorization, proxyForUrl } from './proxy.ts';
import { TransferError, classifySocketError } from './transfer-error.ts';

export interface HttpGetOptions {
  headers?: Record<string, string>;
  /** abort when no byte arrives for this long (connecting, waiting for headers, or mid-body) */
  idleTimeoutMs: number;
  env?: NodeJS.ProcessEnv;
  maxRedirects?: number;
}

export interface HttpGetResult {
  response: http.IncomingMessage;
  /** the URL that answered, after redirects */
  url: URL;
  redirects: URL[];
  proxy: URL | undefined;
  /** why the request was torn down after the response began (idle time-out, socket error), if it was */
  abortReason(): TransferError | undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'modelbench/0.1 (node)';

function port(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

/** Opens a CONNECT tunnel through `proxy` to `target`'s host and port. */
function openTunnel(proxy: URL, target: URL, idleTimeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const authority = `${target.hostname}:${port(target)}`;
    const headers: Record<string, string> = { host: authority, 'user-agent': USER_AGENT };
    const auth = proxyAuthorization(proxy);
    if (auth) headers['proxy-authorization'] = auth;
    const mod = proxy.protocol === 'https:' ? https : http;
    const req = mod.request({ host: proxy.hostname, port: port(proxy), method: 'CONNECT', path: authority, headers, agent: false });
    req.setTimeout(idleTimeoutMs, () => req.destroy(new TransferError('timeout', `proxy ${proxy.host}: no answer to CONNECT in ${idleTimeoutMs} ms`, true)));
    req.once('connect', (res, socket) => {
      if (res.statusCode === 200) {
        req.setTimeout(0);
        resolve(socket);
        return;
      }
      socket.destroy();
      reject(new TransferError('proxy', `proxy ${proxy.host} refused CONNECT ${authority}: HTTP ${res.statusCode}`, (res.statusCode ?? 0) >= 500, res.statusCode));
    });
    req.once('error', (e) => reject(e instanceof TransferError ? e : new TransferError('proxy', `proxy ${proxy.host}: ${(e as NodeJS.ErrnoException).code ?? e.message}`, true, undefined, { cause: e })));
    req.end();
  });
}

interface Answer {
  res: http.IncomingMessage;
  proxy: URL | undefined;
  abortReason(): TransferError | undefined;
}

async function requestOnce(url: URL, headers: Record<string, string>, options: HttpGetOptions): Promise<Answer> {
  const proxy = proxyForUrl(url, options.env ?? process.env);
  const all: Record<string, string> = { 'user-agent': USER_AGENT, 'accept-encoding': 'identity', ...headers };
  let req: http.ClientRequest;
  if (url.protocol === 'https:') {
    if (proxy) {
      const tunnel = await openTunnel(proxy, url, options.idleTimeoutMs);
      const servername = isIP(url.hostname) ? undefined : url.hostname;
      req = https.request(url, {
        headers: all,
        defaultPort: 443,
        createConnection: () => tls.connect({ socket: tunnel, host: url.hostname, ...(servername ? { servername } : {}) }),
      });
    } else {
      req = https.request(url, { headers: all, agent: false });
    }
  } else if (url.protocol === 'http:') {
    if (proxy) {
      const auth = proxyAuthorization(proxy);
      const viaHeaders = { ...all, host: url.host, ...(auth ? { 'proxy-authorization': auth } : {}) };
      const mod = proxy.protocol === 'https:' ? https : http;
      req = mod.request({ host: proxy.hostname, port: port(proxy), path: url.href, headers: viaHeaders, agent: false });
    } else {
      req = http.request(url, { headers: all, agent: false });
    }
  } else {
    throw new TransferError('redirect', `unsupported URL scheme ${url.protocol} (${url.href})`, false);
  }
  let reason: TransferError | undefined;
  return new Promise((resolve, reject) => {
    req.setTimeout(options.idleTimeoutMs, () => {
      req.destroy(new TransferError('timeout', `${url.host}: no data for ${options.idleTimeoutMs} ms`, true));
    });
    req.on('error', (e) => {
      reason ??= classifySocketError(e, url);
      reject(reason);
    });
    req.once('response', (res) => resolve({ res, proxy, abortReason: () => reason }));
    req.end();
  });
}

/**
 * GETs `url`, following up to `maxRedirects` redirects (relative Locations resolved; the same headers, Range
 * included, sent to each hop). Resolves with the first non-redirect response, whatever its status; the caller reads
 * the body. The idle time-out stays armed on the socket while the body streams.
 */
export async function httpGet(url: string | URL, options: HttpGetOptions): Promise<HttpGetResult> {
  let current = new URL(url);
  const redirects: URL[] = [];
  const max = options.maxRedirects ?? 10;
  for (;;) {
    const { res, proxy, abortReason } = await requestOnce(current, options.headers ?? {}, options);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (!REDIRECTS.has(status) || location === undefined) return { response: res, url: current, redirects, proxy, abortReason };
    res.resume();
    res.destroy();
    if (redirects.length >= max) throw new TransferError('redirect', `more than ${max} redirects from ${new URL(url).href}`, false);
    if (!URL.canParse(location, current.href)) throw new TransferError('redirect', `bad redirect Location '${location}' from ${current.href}`, false);
    const next = new URL(location, current);
    if (current.protocol === 'https:' && next.protocol === 'http:') {
      throw new TransferError('redirect', `refusing a redirect from https to http (${next.href})`, false);
    }
    redirects.push(next);
    current = next;
  }
}
