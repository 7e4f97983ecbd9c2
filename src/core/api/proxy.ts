/**
 * Which proxy a request goes through, decided the way VS Code decides it for extensions (the `http.proxy`
 * setting first, else HTTPS_PROXY/HTTP_PROXY; `http.noProxy` entries, else NO_PROXY; localhost always direct),
 * plus what VS Code's extension host leaves out: `http.proxyAuthorization` and `http.proxyStrictSSL`.
 * Plain data in, plain data out: the extension reads the settings, the client only follows the answer.
 */

export interface ProxySettings {
  /** `http.proxySupport`: 'off' sends everything direct. */
  support?: string;
  /** `http.proxy`, e.g. http://proxy.corp:8080 or http://user:pass@proxy.corp:8080. */
  url?: string;
  /** `http.proxyAuthorization`: the whole Proxy-Authorization header value. */
  authorization?: string;
  /** `http.noProxy`: host names (a domain covers its subdomains), each optionally with `:port`; `*` for all. */
  noProxy?: readonly string[];
  /** `http.proxyStrictSSL`: verify an https proxy's own certificate. */
  strictSSL?: boolean;
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case) are read from here. */
  env?: NodeJS.ProcessEnv;
}

export interface ProxyRoute {
  /** http: or https: (the connection to the proxy itself). */
  url: URL;
  /** Proxy-Authorization value, from the setting or the proxy URL's user info. */
  authorization?: string;
  strictSSL: boolean;
  /** Where the proxy came from, for messages: "http.proxy" or "HTTPS_PROXY". */
  source: string;
}

/** The proxy for `target`, or undefined for a direct connection (also for a proxy scheme we cannot speak). */
export function proxyFor(target: URL, settings: ProxySettings): ProxyRoute | undefined {
  if (settings.support === 'off') return undefined;
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  // As VS Code: loopback by name or its two usual addresses never goes through a proxy.
  if (host === 'localhost' || host === '127.0.0.1' || host === '::1') return undefined;
  const env = settings.env ?? {};
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const configured = (settings.noProxy ?? []).filter((entry) => entry.trim());
  const bypass = configured.length ? configured : (env.no_proxy ?? env.NO_PROXY ?? '').split(',');
  if (bypasses(bypass, host, port)) return undefined;

  const fromSetting = settings.url?.trim();
  const envName = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'].find((name) => env[name]?.trim());
  const raw = fromSetting || (envName ? env[envName]!.trim() : '');
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const userInfo = url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
  const authorization =
    settings.authorization?.trim() || (userInfo ? `Basic ${Buffer.from(userInfo).toString('base64')}` : undefined);
  url.username = '';
  url.password = '';
  return {
    url,
    authorization,
    strictSSL: settings.strictSSL ?? true,
    source: fromSetting ? 'http.proxy' : envName!.toUpperCase(),
  };
}

function bypasses(entries: readonly string[], host: string, port: string): boolean {
  return entries.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (!entry) return false;
    if (entry === '*') return true;
    const [, name, entryPort] = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[|\](?=:|$)/g, ''))!;
    const domain = name.replace(/^\*?\.?/, '');
    return (host === domain || host.endsWith(`.${domain}`)) && (!entryPort || entryPort === port);
  });
}

/** host:port of the proxy, as messages name it. */
export function proxyLabel(route: ProxyRoute): string {
  return route.url.host || route.url.hostname;
}
