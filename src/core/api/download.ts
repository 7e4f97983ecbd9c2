/**
 * Saving a signed download to a file: only a CSV is accepted (a login page or a storage error document served
 * with 200 is not), the announced length is checked, and on any failure the partial file is removed, so the
 * caller never finds half an export.
 */
import { open, rm } from 'node:fs/promises';
import { LangdockApiError } from './errors';
import { problem, type Problem } from '../../shared/template';
import { AttemptGuard, discardBody, HttpResponse as Response } from './http';

export type DownloadProgress = (bytes: number, total: number | undefined) => void;

const MARKUP_TYPES = /html|xml/i;
const BOM = [0xef, 0xbb, 0xbf];
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
/** Bytes of leading whitespace after which a body is taken as text without more looking. */
const SNIFF_LIMIT = 4096;

function invalid(reason: Problem, status?: number): LangdockApiError {
  return new LangdockApiError('downloadInvalid', reason, { status });
}

/** Whether a body starts (after a BOM and whitespace) with "<": HTML or XML, whatever its Content-Type says. */
function sniff(head: Buffer): 'markup' | 'text' | 'undecided' {
  let i = 0;
  while (i < BOM.length && i < head.length && head[i] === BOM[i]) i++;
  if (i > 0 && i < BOM.length) return head.length < BOM.length ? 'undecided' : 'text';
  while (i < head.length && WHITESPACE.has(head[i])) i++;
  if (i >= head.length) return head.length > SNIFF_LIMIT ? 'text' : 'undecided';
  return head[i] === 0x3c ? 'markup' : 'text';
}

/** The file's length as announced, when it is the length of what is saved (not of a compressed encoding). */
function announcedLength(response: Response): number | undefined {
  const encoding = response.headers.get('content-encoding');
  if (encoding && encoding.toLowerCase() !== 'identity') return undefined;
  const value = response.headers.get('content-length');
  return value && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

/** Status answers of a signed link, before any byte is saved. */
function checkDownloadResponse(response: Response): void {
  const { status } = response;
  if (status === 403 || status === 404 || status === 410) {
    discardBody(response);
    throw new LangdockApiError(
      'downloadExpired',
      problem('The download link has expired or is no longer valid (HTTP {0}).', String(status)),
      { status },
    );
  }
  if (status < 200 || status > 299) {
    discardBody(response);
    throw invalid(problem('The download failed (HTTP {0}).', String(status)), status);
  }
  if (MARKUP_TYPES.test(response.headers.get('content-type') ?? '')) {
    discardBody(response);
    throw invalid(problem('The download returned a web page or an error document instead of a CSV.'), status);
  }
}

export interface SaveOptions {
  guard: AttemptGuard;
  onProgress?: DownloadProgress;
}

/** Streams the body to `destFile` (created or replaced) and returns the number of bytes saved. */
export async function saveDownload(response: Response, destFile: string, opts: SaveOptions): Promise<number> {
  checkDownloadResponse(response);
  const total = announcedLength(response);
  const file = await open(destFile, 'w').catch((error: unknown) => {
    discardBody(response);
    throw error;
  });
  let bytes = 0;
  try {
    let head = Buffer.alloc(0);
    let verdict: ReturnType<typeof sniff> = 'undecided';
    for await (const chunk of response.body) {
      opts.guard.touch();
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      if (verdict === 'undecided') {
        head = Buffer.concat([head, buffer]);
        verdict = sniff(head);
        if (verdict === 'markup')
          throw invalid(
            problem('The download returned a web page or an error document instead of a CSV.'),
            response.status,
          );
      }
      // writeFile writes all of it at the current position (write() may write only part).
      await file.writeFile(buffer);
      bytes += buffer.length;
      opts.onProgress?.(bytes, total);
    }
    if (total !== undefined && bytes !== total) throw truncated(bytes, total);
    if (bytes === 0) throw invalid(problem('The download was empty.'), response.status);
    await file.close();
    return bytes;
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(destFile, { force: true });
    // A disk that is full or read-only is the caller's to report, not a broken download.
    if (isFileSystemError(error)) throw error;
    throw opts.guard.explain(error, () => truncated(bytes, total));
  }
}

function isFileSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

function truncated(bytes: number, total: number | undefined): LangdockApiError {
  return new LangdockApiError(
    'truncated',
    total === undefined
      ? problem('The download was cut off after {0} bytes.', String(bytes))
      : problem('The download was cut off after {0} of {1} bytes.', String(bytes), String(total)),
  );
}
