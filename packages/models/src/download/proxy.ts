/**
 * Which proxy a request goes through, from the conventional environment variables: HTTPS_PROXY for https URLs,
 * HTTP_PROXY for http URLs (lower-case names win, as curl does), ALL_PROXY as a fallback, and NO_PROXY
 * (comma-separated hosts or domain suffixes, optional :port, `*` for all) to bypass.
 */

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

/** True when NO_PROXY says this URL goes direct. */
export function bypassesProxy(target: URL, noProxy: string | undefined): boolean {
  if (noProxy === undefined) return false;
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || defaultPort(target.protocol);
  for (const raw of noProxy.split(/[,\s]+/)) {
    const item = raw.trim().toLowerCase();
    if (item === '') continue;
    if (item === '*') return true;
    // host, host:port, .domain, *.domain, [v6]:port; a bare IPv6 address has several colons and no port
    let pattern = item;
    let itemPort: string | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(item);
    const hostPort = /^([^:]+):(\d+)$/.exec(item);
    if (bracketed) [, pattern = item, itemPort] = bracketed;
    else if (hostPort) [, pattern = item, itemPort] = hostPort;
    if (itemPort !== undefined && itemPort !== port) continue;
    pattern = pattern.replace(/^\*\./, '.');
    const domain = pattern.startsWith('.') ? pattern.slice(1) : pattern;
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/** The proxy URL for a request to `target`, or undefined for a direct connection. */
export function proxyForUrl(target: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  if (bypassesProxy(target, envValue(env, 'no_proxy'))) return undefined;
  const raw =
    (target.protocol === 'https:' ? envValue(env, 'https_proxy') : envValue(env, 'http_proxy')) ?? envValue(env, 'all_proxy');
  if (raw === undefined) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  if (!URL.canParse(withScheme)) throw new Error(`proxy setting '${raw}' is not a URL`);
  const proxy = new URL(withScheme);
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
    throw new Error(`proxy '${raw}': only http:// and https:// proxies are supported, not ${proxy.protocol}`);
  }
  return proxy;
}

/** `Proxy-Authorization` for a proxy URL with user:password, else undefined. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (proxy.username === '') return undefined;
  const user = decodeURIComponent(proxy.username);
  const pass = decodeURIComponent(proxy.password);
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}
