/**
 * One export from request to saved file: ask for it, download the signed link to a temp file, commit it into the
 * store atomically. Nothing half-written survives a failure or a cancel. The extension's exports and trends and
 * the command line all go through here.
 */
import type { LangdockClient, RetryNotice } from '../api';
import { type DateRange, toRequestBody } from '../dateRange';
import type { ExportRecord, ExportStore } from '../exportStore';
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
