/** The API's base URL: what is accepted, and when plain http would carry the key in clear text. */

/** Checks and normalizes the base URL: http(s), no credentials, query or fragment; trailing slashes dropped. */
export function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new RangeError(`The base URL "${baseUrl}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new RangeError(`The base URL must be http(s), not ${url.protocol}`);
  if (url.username || url.password || url.search || url.hash) {
    throw new RangeError('The base URL must not contain credentials, a query or a fragment.');
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** Whether a URL's host name is this machine (`localhost`, 127.0.0.0/8, `[::1]`): nothing leaves it. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** A usable plain-http base URL that is not loopback: the key would travel in clear text. */
export function isInsecureBaseUrl(baseUrl: string): boolean {
  const url = parseBaseUrl(baseUrl);
  return url.protocol === 'http:' && !isLoopback(url.hostname);
}
