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

  it('sends a column of few values once and the notes most rows share once, and gives back the very rows', () => {
    const many: TotalsRow[] = Array.from({ length: 3000 }, (_, i) => ({
      key: `u-${i}`,
      // A name each, a department of 40, a role of one, a number that is often empty, and a value first met late.
      cells: [`User ${i}`, `Dept ${i % 40}`, 'member', i % 3 === 0 ? null : String(i % 7), i === 2500 ? 'late' : 'x'],
      rowCount: i % 50 === 0 ? 2 : 1,
      ...(i % 10 === 0 ? {} : { notes: i % 97 === 0 ? { cost: estimate } : { cost: langdock } }),
      ...(i === 7
        ? { children: [{ key: 'u-7\u001ea', cells: ['a', 'Dept 9', 'member', '1', 'x'], rowCount: 1 }] }
        : {}),
    }));
    const page = { type: 'totalsRows', start: 0, rows: many, last: true };
    const plain = JSON.stringify(page).length;
    const wire = JSON.stringify(toWire(page));
    assert.deepEqual(fromWire(JSON.parse(wire)), page);
    assert.ok(wire.length < plain * 0.75, `${wire.length} of ${plain} characters`);
    assert.equal(wire.split('"Dept 3"').length - 1, 1, 'each department once');
    assert.equal(wire.split('"Langdock"').length - 1, 1);
    assert.equal(wire.split('"User 3"').length - 1, 1, 'names are sent as they are');
    const back = fromWire(JSON.parse(wire)) as { rows: TotalsRow[] };
    assert.equal(back.rows[1].cells[1], back.rows[41].cells[1]);
    assert.equal(back.rows[1].notes, back.rows[2].notes, 'the common notes are one object');
  });

  it('gives a cell that names no value no value', () => {
    const forged = {
      type: 'totalsRows',
      start: 0,
      last: true,
      wireValues: { 1: ['a', 7], x: ['b'], 2: 'no list' },
      rows: [
        { key: 'a', cells: ['n', 0, 1.5] },
        { key: 'b', cells: ['n', 1, 'kept'] },
        { key: 'c', cells: ['n', 9, 0] },
      ],
    };
    const back = fromWire(forged) as { rows: TotalsRow[] };
    assert.deepEqual(
      back.rows.map((r) => r.cells),
      [
        ['n', 'a', 1.5],
        ['n', null, 'kept'],
        ['n', null, 0],
      ],
    );
  });
});
