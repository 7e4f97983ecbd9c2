/**
 * Signed download links, like a storage bucket's presigned URLs: the path and an expiry time are signed with a
 * per-sandbox secret, so a link can be checked without any other credentials (and must not need the API key).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type LinkCheck = 'valid' | 'expired' | 'invalid';

export class UrlSigner {
  private readonly secret = randomBytes(32);

  /** The query string (without "?") that makes `path` downloadable until `expiresAt` (epoch ms). */
  sign(path: string, expiresAt: number): string {
    const query = new URLSearchParams({
      'X-Sandbox-Expires': String(expiresAt),
      'X-Sandbox-Signature': this.signature(path, expiresAt),
    });
    return query.toString();
  }

  check(path: string, query: URLSearchParams, now: number): LinkCheck {
    const expiresAt = Number(query.get('X-Sandbox-Expires'));
    const given = Buffer.from(query.get('X-Sandbox-Signature') ?? '', 'hex');
    const expected = Buffer.from(this.signature(path, expiresAt), 'hex');
    if (!Number.isFinite(expiresAt) || given.length !== expected.length || !timingSafeEqual(given, expected))
      return 'invalid';
    return now > expiresAt ? 'expired' : 'valid';
  }

  private signature(path: string, expiresAt: number): string {
    return createHmac('sha256', this.secret).update(`${path}\n${expiresAt}`).digest('hex');
  }
}
