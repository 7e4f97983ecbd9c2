/**
 * A small forward proxy on loopback for the tests: absolute-form requests for http targets, CONNECT tunnels for
 * https ones, optional Basic authentication (407 otherwise), and a log of everything it carried. Each entry
 * keeps the port of the proxy's own connection to the target, so a test can match it against the port the
 * sandbox saw and prove a request came through here. It refuses any target outside 127.0.0.0/8.
 *
 * The log is kept in memory (GET /__proxy/log, asked directly rather than through the proxy) and appended to a
 * JSON-lines file; the client-to-server bytes of every tunnel go to a capture file. Both carry no header values,
 * so the key-leak scan of the run can prove the proxy never saw the API key in clear.
 */
import { appendFileSync } from 'node:fs';
import { createServer, IncomingMessage, request, ServerResponse } from 'node:http';
import { AddressInfo, connect, Socket } from 'node:net';

export interface ProxyLogEntry {
  at: number;
  /** CONNECT, or the method of a forwarded request. */
  method: string;
  /** host:port for a tunnel; origin and path (no query) for a forwarded request. */
  target: string;
  /** What the proxy answered: 200 for an open tunnel, 407, 502 when the target could not be reached… */
  status: number;
  /** 'none', 'ok' or 'wrong': what came in Proxy-Authorization, never its value. */
  auth: 'none' | 'ok' | 'wrong';
  /** Local port of the proxy's connection to the target. */
  upstreamPort?: number;
  /** Bytes the client sent into a tunnel. */
  bytesUp?: number;
}

export interface TestProxy {
  url: string;
  port: number;
  readonly log: readonly ProxyLogEntry[];
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** Append each log entry here (JSON lines). */
  logFile?: string;
  /** Append the bytes clients send into tunnels here. */
  captureFile?: string;
}

const LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

export async function startProxy(opts: ProxyOptions = {}): Promise<TestProxy> {
  const log: ProxyLogEntry[] = [];
  /** The Proxy-Authorization value required, or undefined for an open proxy. */
  let required: string | undefined;
  const sockets = new Set<Socket>();

  const record = (entry: Omit<ProxyLogEntry, 'at'>): void => {
    const full = { at: Date.now(), ...entry };
    log.push(full);
    if (opts.logFile) appendFileSync(opts.logFile, `${JSON.stringify(full)}\n`);
  };
  const authOf = (req: IncomingMessage): ProxyLogEntry['auth'] => {
    const sent = req.headers['proxy-authorization'];
    return sent === undefined ? 'none' : sent === required ? 'ok' : 'wrong';
  };
  const refuse = (auth: ProxyLogEntry['auth']): boolean => required !== undefined && auth !== 'ok';

  const server = createServer((req, res) => {
    if (!req.url?.startsWith('http://')) return control(req, res);
    const target = new URL(req.url);
    const auth = authOf(req);
    const entry = { method: req.method ?? 'GET', target: target.origin + target.pathname, auth };
    if (refuse(auth)) {
      record({ ...entry, status: 407 });
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test proxy"', 'Content-Length': 0 }).end();
      return;
    }
    if (!LOOPBACK.test(target.hostname)) {
      record({ ...entry, status: 403 });
      res.writeHead(403, { 'Content-Length': 0 }).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    // A connection of its own per request (no keep-alive), so its port names this request alone.
    const upstream = request({
      host: target.hostname,
      port: target.port || 80,
      method: req.method,
      path: target.pathname + target.search,
      headers,
      agent: false,
    });
    upstream.once('socket', (socket) =>
      socket.once('connect', () => record({ ...entry, status: 200, upstreamPort: socket.localPort })),
    );
    upstream.once('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.once('error', () => {
      record({ ...entry, status: 502 });
      if (!res.headersSent) res.writeHead(502, { 'Content-Length': 0 }).end();
      else res.destroy();
    });
    req.pipe(upstream);
  });

  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    const target = req.url ?? '';
    const auth = authOf(req);
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    if (refuse(auth) || !LOOPBACK.test(host)) {
      const status = refuse(auth) ? 407 : 403;
      record({ method: 'CONNECT', target, status, auth });
      const challenge = status === 407 ? 'Proxy-Authenticate: Basic realm="test proxy"\r\n' : '';
      client.end(
        `HTTP/1.1 ${status} ${status === 407 ? 'Proxy Authentication Required' : 'Forbidden'}\r\n${challenge}Content-Length: 0\r\n\r\n`,
      );
      return;
    }
    const upstream = connect({ host, port });
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    // In the log as soon as the tunnel is open (a test may read it before the tunnel closes); in the file, with
    // the bytes it carried, when it closes.
    const entry: ProxyLogEntry = { at: Date.now(), method: 'CONNECT', target, status: 200, auth, bytesUp: 0 };
    upstream.once('connect', () => {
      entry.upstreamPort = upstream.localPort;
      log.push(entry);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      client.on('data', (chunk: Buffer) => {
        entry.bytesUp! += chunk.length;
        if (opts.captureFile) appendFileSync(opts.captureFile, chunk);
      });
      client.pipe(upstream).pipe(client);
    });
    upstream.once('error', () => {
      if (entry.upstreamPort !== undefined) return;
      entry.status = 502;
      log.push(entry);
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
    });
    client.once('close', () => {
      if (opts.logFile) appendFileSync(opts.logFile, `${JSON.stringify(entry)}\n`);
      upstream.destroy();
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });

  /** Requests in origin form are for the proxy itself: its log, a reset, and whether it asks for credentials. */
  function control(req: IncomingMessage, res: ServerResponse): void {
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(value));
    };
    if (req.method === 'GET' && req.url === '/__proxy/log') return json(200, { log });
    if (req.method === 'POST' && req.url === '/__proxy/reset') {
      log.length = 0;
      required = undefined;
      return json(200, { ok: true });
    }
    if (req.method === 'POST' && req.url === '/__proxy/require-auth') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        required = (JSON.parse(body) as { authorization?: string }).authorization;
        json(200, { ok: true });
      });
      return;
    }
    json(404, { error: 'not found' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
