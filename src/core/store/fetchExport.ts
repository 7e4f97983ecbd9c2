/**
 * One export from request to saved file: ask for it, download the signed link to a temp file, commit it into the
 * store atomically. Nothing half-written survives a failure or a cancel. The extension's exports and trends and
 * the command line all go through here.
 */
import { writeFile } from 'node:fs/promises';
import type { LangdockClient, RetryNotice } from '../api/api';
import { type DateRange, toRequestBody } from '../dates/dateRange';
import type { ExportRecord, ExportStore } from './exportStore';
import type { ExportType, GroupBy } from '../../shared/exportType';

export interface FetchRequest {
  type: ExportType;
  range: DateRange;
  groupBy?: GroupBy;
  /** A trend's period: saved outside the recent list. */
  hidden?: boolean;
}

export interface FetchHooks {
  signal?: AbortSignal;
  onStatus?: (notice: RetryNotice) => void;
  onPhase?: (phase: 'requesting' | 'downloading' | 'saving') => void;
  onBytes?: (bytes: number) => void;
}

export async function fetchExport(
  client: LangdockClient,
  store: ExportStore,
  request: FetchRequest,
  options: { host: string; keep: number },
  hooks: FetchHooks = {},
): Promise<ExportRecord> {
  const { signal, onStatus, onPhase, onBytes } = hooks;
  onPhase?.('requesting');
  const envelope = await client.requestExport(request.type, toRequestBody(request.range), request.groupBy, {
    ...(signal ? { signal } : {}),
    ...(onStatus ? { onStatus } : {}),
  });
  const pending = await store.begin(request.type, request.range);
  try {
    onPhase?.('downloading');
    await client.download(envelope.downloadUrl, pending.tempCsv, {
      ...(signal ? { signal } : {}),
      ...(onBytes ? { onProgress: onBytes } : {}),
    });
    onPhase?.('saving');
    const metadata = {
      type: request.type,
      range: request.range,
      ...(request.groupBy ? { groupBy: request.groupBy } : {}),
      recordCount: envelope.recordCount,
      host: options.host,
      serverFilePath: envelope.filePath,
      ...(request.hidden ? { hidden: true } : {}),
    };
    return await store.commit(pending, metadata, options.keep);
  } finally {
    await store.abandon(pending);
  }
}

/**
 * A period with no usage at all (the API answers "no data"), saved as an empty export so that a trend reuses it
 * like any other final period.
 */
export async function saveEmptyExport(
  store: ExportStore,
  request: FetchRequest,
  options: { host: string; keep: number },
): Promise<ExportRecord> {
  const pending = await store.begin(request.type, request.range);
  try {
    await writeFile(pending.tempCsv, '');
    return await store.commit(
      pending,
      {
        type: request.type,
        range: request.range,
        ...(request.groupBy ? { groupBy: request.groupBy } : {}),
        recordCount: 0,
        host: options.host,
        ...(request.hidden ? { hidden: true } : {}),
      },
      options.keep,
    );
  } finally {
    await store.abandon(pending);
  }
}
