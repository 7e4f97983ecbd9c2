/**
 * Reading what the Usage Export API answers: the CSV route's envelope (langdock-api.md §3.1) and the flat error
 * body (§3.3). Parsing is tolerant where the docs are vague (optional fields) and strict where the client depends
 * on a value (the download link, the record count): anything else is a 'protocol' error, never a crash later.
 */
import { LangdockApiError } from './errors';
import { problem, type Problem } from '../../shared/template';

export interface ExportEnvelope {
  /** The storage path of the file on Langdock's side (informational). */
  filePath: string;
  /** The signed link; it carries its own credentials, so it must be fetched without the API key. */
  downloadUrl: string;
  /** As the API names it ("api_keys" for the api-keys export). */
  dataType: string;
  recordCount: number;
  dateRange?: { from: string; to: string };
}

export interface ErrorBody {
  error?: string;
  message?: string;
}

function protocol(what: Problem): LangdockApiError {
  return new LangdockApiError('protocol', problem('Unexpected export response: {0}.', what), { status: 200 });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function optionalString(data: Record<string, unknown>, field: string): string {
  const value = data[field];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw protocol(problem('"{0}" is not a string', field));
  return value;
}

export function parseEnvelope(text: string): ExportEnvelope {
  const body = parseJson(text);
  if (!isObject(body)) throw protocol(problem('the body is not a JSON object'));
  if (body.success === false) throw protocol(problem('"{0}" is false', 'success'));
  const data = body.data;
  if (!isObject(data)) throw protocol(problem('"{0}" is missing', 'data'));

  const link = data.downloadUrl;
  let url: URL | undefined;
  try {
    url = typeof link === 'string' ? new URL(link) : undefined;
  } catch {
    url = undefined;
  }
  // The link is never quoted in the message: its query is a credential.
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw protocol(problem('"{0}" is not an http(s) URL', 'downloadUrl'));
  const count = data.recordCount;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
    throw protocol(problem('"{0}" is not a non-negative integer', 'recordCount'));

  const range = data.dateRange;
  let dateRange: ExportEnvelope['dateRange'];
  if (range !== undefined && range !== null) {
    if (!isObject(range) || typeof range.from !== 'string' || typeof range.to !== 'string')
      throw protocol(problem('"{0}" is not {1}', 'dateRange', '{from, to}'));
    dateRange = { from: range.from, to: range.to };
  }
  return {
    filePath: optionalString(data, 'filePath'),
    downloadUrl: url.href,
    dataType: optionalString(data, 'dataType'),
    recordCount: count,
    ...(dateRange ? { dateRange } : {}),
  };
}

/** The `{error, message}` body, or an empty object when the body is something else (HTML from a proxy, text). */
export function parseErrorBody(text: string): ErrorBody {
  const body = parseJson(text);
  if (!isObject(body)) return {};
  return {
    ...(typeof body.error === 'string' ? { error: body.error } : {}),
    ...(typeof body.message === 'string' ? { message: body.message } : {}),
  };
}

/** The documented empty-period answer, as opposed to a 404 of an unknown route. */
export function isNoDataBody(body: ErrorBody): boolean {
  return body.error?.trim().toLowerCase() === 'no data found';
}

/** "Export too large: 1500000 rows exceeds limit of 1000000…" (OAS), or a code such as USAGE_EXPORT_TOO_LARGE. */
export function isTooLargeBody(body: ErrorBody): boolean {
  return /too[\s_-]*large/i.test(`${body.error ?? ''} ${body.message ?? ''}`);
}
