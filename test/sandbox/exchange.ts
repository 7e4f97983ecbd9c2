/**
 * One HTTP request and its answer, with the record the sandbox keeps of it. Every answer goes through here, so the
 * record's status is set before a byte leaves (a test that reads the records right after its response sees it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultMode, ServerName } from './faults';

export interface RecordedRequest {
  server: ServerName;
  method: string;
  /** The path without the query string (a signed link's signature is never recorded). */
  path: string;
  /** 0 when the connection was dropped without an answer. */
  status: number;
  /** Whether any Authorization header came with the request; its value is never kept. */
  authorization: boolean;
  fault?: FaultMode;
  /** An export request's `from` and `to` exactly as sent (they carry no secret), so tests can pin the strings. */
  range?: { from: unknown; to: unknown };
  /** Epoch ms when the request arrived. */
  at: number;
  /** The client's port: matched against a proxy's outgoing connections to prove a request came through it. */
  peerPort?: number;
}

const MAX_BODY_BYTES = 64 * 1024;

export class Exchange {
  readonly url: URL;
  readonly record: RecordedRequest;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    server: ServerName,
    readonly body: string,
  ) {
    this.url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    this.record = {
      server,
      method: req.method ?? 'GET',
      path: this.url.pathname,
      status: 0,
      authorization: req.headers.authorization !== undefined,
      at: Date.now(),
      peerPort: req.socket.remotePort,
    };
  }

  send(status: number, headers: Record<string, string | number>, body: string | Buffer = ''): void {
    this.record.status = status;
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    this.res.writeHead(status, { 'Content-Length': bytes.length, ...headers });
    this.res.end(bytes);
  }

  json(status: number, value: unknown, headers: Record<string, string | number> = {}): void {
    this.send(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers }, JSON.stringify(value));
  }

  /** The API's documented error shape, exactly `{error, message}`. */
  error(status: number, error: string, message: string, headers: Record<string, string | number> = {}): void {
    this.json(status, { error, message }, headers);
  }

  text(
    status: number,
    body: string,
    contentType = 'text/plain; charset=utf-8',
    headers: Record<string, string> = {},
  ): void {
    this.send(status, { 'Content-Type': contentType, ...headers }, body);
  }

  /** Headers that promise `total` bytes, only part of them, then a dropped connection. */
  truncate(status: number, headers: Record<string, string>, body: Buffer, sendBytes: number): void {
    this.record.status = status;
    this.res.writeHead(status, { ...headers, 'Content-Length': body.length });
    this.res.write(body.subarray(0, sendBytes), () => this.res.destroy());
  }

  /** Part of the body, a pause, then the rest: a download that stalls mid-file. */
  async stall(
    status: number,
    headers: Record<string, string>,
    body: Buffer,
    sendBytes: number,
    pause: () => Promise<void>,
  ): Promise<void> {
    this.record.status = status;
    this.res.writeHead(status, { ...headers, 'Content-Length': body.length });
    this.res.write(body.subarray(0, sendBytes));
    await pause();
    if (!this.res.destroyed) this.res.end(body.subarray(sendBytes));
  }

  drop(): void {
    this.req.socket.destroy();
  }
}

/** Reads the whole request body (bounded: the API takes small JSON bodies only). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(new Error('request body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
