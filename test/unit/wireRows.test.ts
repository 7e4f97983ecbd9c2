/** Totals rows on the wire (issue 21): smaller, and made whole again exactly, trusting nothing. */
import * as assert from 'node:assert/strict';
import { fromWire, toWire } from '../../src/shared/wireRows';
import type { CellNote, TotalsRow } from '../../src/shared/tableModel';

const langdock: CellNote = { text: 'Langdock' };
const estimate: CellNote = { text: 'List price of 2026-11-01', estimate: true };

const rows: TotalsRow[] = [
  { key: 'u-1', cells: ['Ann', '3', '0.5'], rowCount: 1, notes: { cost: langdock } },
  { key: 'u-2', cells: ['Bo', null, '1.25'], rowCount: 1, notes: { cost: langdock } },
  {
    key: 'u-3',
    cells: ['Cy', '7', '2'],
    rowCount: 3,
    unknown: [0, 1, 0],
    notes: { cost: estimate },
    children: [
      { key: 'u-3\u001egpt', cells: ['gpt', '7', '2'], rowCount: 2, notes: { cost: estimate } },
      { key: 'u-3\u001eclaude', cells: ['claude', null, null], rowCount: 1 },
    ],
  },
];

const roundTrip = (message: object): unknown => fromWire(JSON.parse(JSON.stringify(toWire(message))));

describe('totals rows on the wire', () => {
  it('gives back the very rows of a load and of a page, each shared note sent once', () => {
    const load = { type: 'load', table: { totals: { rows } } };
    assert.deepEqual(roundTrip(load), load);
    const page = { type: 'totalsRows', start: 5000, rows, last: true };
    assert.deepEqual(roundTrip(page), page);
    const wire = JSON.stringify(toWire(page));
    assert.equal(wire.split('"Langdock"').length - 1, 1, wire);
    assert.ok(!wire.includes('"rowCount":1'), wire);
    assert.equal((page.rows[0].notes as Record<string, CellNote>).cost, langdock, 'the message itself is unchanged');
  });

  it('shares one note object among the rows it came back to', () => {
    const page = roundTrip({ type: 'totalsRows', start: 0, rows, last: true }) as { rows: TotalsRow[] };
    assert.equal(page.rows[0].notes!.cost, page.rows[1].notes!.cost);
  });

  it('drops a note that names no entry, and leaves what is not rows alone', () => {
    const forged = {
      type: 'totalsRows',
      start: 0,
      last: true,
      wireNotes: [{ text: 'ok' }, { nope: 1 }],
      rows: [{ key: 'a', cells: [], notes: { a: 0, b: 1, c: 7, d: 0.5, e: '0' } }, 'not a row'],
    };
    const back = fromWire(forged) as { rows: [TotalsRow, unknown]; wireNotes?: unknown };
    assert.deepEqual(back.rows[0], { key: 'a', cells: [], rowCount: 1, notes: { a: { text: 'ok' } } });
    assert.equal(back.rows[1], 'not a row');
    assert.equal(back.wireNotes, undefined);
    assert.equal(fromWire('text'), 'text');
    assert.deepEqual(fromWire({ type: 'error', message: 'x' }), { type: 'error', message: 'x' });
  });
});
