/**
 * The API the command line talks to and its key: the key only from LANGDOCK_API_KEY (a flag would end up in shell
 * history and process lists), the API from --base-url or LANGDOCK_BASE_URL (default Langdock Cloud), proxies from
 * HTTPS_PROXY/HTTP_PROXY/NO_PROXY, extra certificate authorities from NODE_EXTRA_CA_CERTS (Node reads it itself).
 * Every check here runs before anything is sent.
 */
import { LangdockClient } from '../core/api/api';
import { parseBaseUrl } from '../core/api/baseUrl';
import { UsageError } from './cliError';
import type { Progress } from './progress';

const DEFAULT_BASE_URL = 'https://api.langdock.com';
const KEY_VARIABLE = 'LANGDOCK_API_KEY';

export interface Connection {
  client: LangdockClient;
  /** The API host, as saved exports record it. */
  host: string;
}

function isLoopback(url: URL): boolean {
  return ['localhost', '[::1]'].includes(url.hostname) || url.hostname.startsWith('127.');
}

export function connect(baseUrlFlag: string | undefined, env: NodeJS.ProcessEnv, progress: Progress): Connection {
  const baseUrl = baseUrlFlag ?? env.LANGDOCK_BASE_URL ?? DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = parseBaseUrl(baseUrl);
  } catch (error) {
    throw new UsageError(`The API URL is not usable: ${(error as Error).message}`);
  }
  // The key would travel in clear text: the extension asks first; a script cannot be asked.
  if (url.protocol === 'http:' && !isLoopback(url))
    throw new UsageError(`The API URL ${url.origin} is plain http: use https (the key would travel unencrypted).`);
  const key = env[KEY_VARIABLE]?.trim();
  if (!key) throw new UsageError(`No API key: set the ${KEY_VARIABLE} environment variable (never a flag).`);
  const client = new LangdockClient({
    baseUrl: url.href,
    apiKey: () => key,
    network: { proxy: { env }, systemCertificates: false },
    log: (line) => progress.log(line),
  });
  return { client, host: url.host };
}
