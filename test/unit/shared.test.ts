/** The rules host and webview share (src/shared): message guards both ways, booleans, ages, the primary column. */
import * as assert from 'node:assert/strict';
import { parseBoolean } from '../../src/shared/boolean';
import { primaryColumn } from '../../src/shared/derived';
import { entityTexts } from '../../src/shared/entityTexts';
import { EXPORT_TYPES } from '../../src/shared/exportType';
import { isHostMessage, isWebviewMessage, WEBVIEW_STRINGS } from '../../src/shared/protocol';
import { relativeTime } from '../../src/shared/relativeTime';
import { usdFormat } from '../../src/shared/usd';

describe('shared rules', () => {
  it('writes US dollars one way for costs, budgets and prices, exactly from the decimal text', () => {
    const en = usdFormat('en-US');
    assert.deepEqual(['12.5', '0', '0.004', '-0.0001234', '1234567.891'].map(en.amount), [
      '$12.50',
      '$0.00',
      '$0.004',
      '-$0.000123',
      '$1,234,567.89',
    ]);
    assert.equal(en.whole('1240.6'), '$1,241');
    assert.deepEqual(['3', '0.3', '0.0028', '1000'].map(en.price), ['$3', '$0.30', '$0.0028', '$1,000']);
    assert.equal(usdFormat('de').amount('12.5'), '12,50\u00a0$');
  });

  it('names a totals row by its export type in localizable texts, and any other kind as a plain row', () => {
    assert.equal(entityTexts('models').totals, 'Per-model totals');
    assert.equal(entityTexts('api-keys').top, 'Top API key');
    for (const kind of [...EXPORT_TYPES, 'unknown']) {
      for (const text of Object.values(entityTexts(kind))) assert.ok(WEBVIEW_STRINGS.includes(text), text);
    }
    for (const odd of ['Model', '__proto__', '<img src=x>']) assert.deepEqual(entityTexts(odd), entityTexts('unknown'));
  });

  it('the host accepts only well-formed webview messages', () => {
    for (const ok of [
      { type: 'ready' },
      { type: 'ready', embedded: true },
      { type: 'painted' },
      { type: 'painted', timing: { pageStart: 1, scriptStart: 2, table: 3, painted: 4.5 } },
      { type: 'requestRows', requestId: 1, start: 0, count: 5000 },
      { type: 'action', action: 'rerun' },
      { type: 'copy', format: 'tsv', text: 'a\tb' },
      { type: 'totalsLoaded', rows: 12_000 },
    ]) {
      assert.equal(isWebviewMessage(ok), true, JSON.stringify(ok));
    }
    for (const bad of [
      null,
      'ready',
      { type: 'nope' },
      { type: 'ready', embedded: 'yes' },
      { type: 'painted', timing: { pageStart: 1, scriptStart: 2, table: 3 } },
      { type: 'painted', timing: { pageStart: 1, scriptStart: '2', table: 3, painted: 4 } },
      { type: 'painted', timing: { pageStart: 1, scriptStart: 2, table: NaN, painted: 4 } },
      { type: 'requestRows', requestId: 1, start: -1, count: 10 },
      { type: 'requestRows', requestId: 1, start: 0.5, count: 10 },
      { type: 'requestRows', requestId: 1, start: 0, count: Infinity },
      { type: 'requestRows', requestId: '1', start: 0, count: 10 },
      { type: 'action', action: 'rm -rf' },
      { type: 'copy', format: 'html', text: 'x' },
      { type: 'copy', format: 'tsv', text: 42 },
      { type: 'totalsLoaded', rows: -1 },
      { type: 'totalsLoaded', rows: '12000' },
    ]) {
      assert.equal(isWebviewMessage(bad), false, JSON.stringify(bad));
    }
  });

  it('the webview accepts only well-formed host messages', () => {
    assert.equal(isHostMessage({ type: 'load', table: {}, header: {} }), true);
    assert.equal(isHostMessage({ type: 'rows', requestId: 1, start: 0, rows: [] }), true);
    assert.equal(isHostMessage({ type: 'error', message: 'x' }), true);
    assert.equal(isHostMessage({ type: 'load', table: null, header: {} }), false);
    assert.equal(isHostMessage({ type: 'error', message: {} }), false);
    assert.equal(isHostMessage(undefined), false);
  });

  it('reads booleans one way: true/false in any case, 1/0, yes/no', () => {
    for (const t of ['true', 'TRUE', 'True', '1', 'yes', 'YES']) assert.equal(parseBoolean(t), true, t);
    for (const f of ['false', 'FALSE', '0', 'no', 'No']) assert.equal(parseBoolean(f), false, f);
    for (const x of ['', 't', 'y', '2', 'truthy', ' true', 'null']) assert.equal(parseBoolean(x), undefined, x);
  });

  it('formats ages in the locale and style asked for', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    assert.equal(relativeTime('2026-11-24T11:57:00Z', now, 'de'), 'vor 3 Minuten');
    assert.equal(relativeTime('2026-11-24T09:00:00Z', now, 'en', 'short'), '3 hr. ago');
    assert.equal(relativeTime('2026-11-24T12:00:00Z', now, 'en'), 'now');
  });

  it('takes the first summed count column as the primary one', () => {
    const col = (key: string, aggregate: 'sum' | 'none' = 'sum') => ({ key, aggregate });
    assert.equal(primaryColumn([col('messages'), col('requests')])?.key, 'requests');
    assert.equal(primaryColumn([col('requests', 'none'), col('messages_total')])?.key, 'messages_total');
    assert.equal(primaryColumn([col('tokens')]), undefined);
  });
});
