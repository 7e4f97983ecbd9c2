/** Totals rows on the wire (issue 21): by column, smaller, and made whole again exactly, trusting nothing. */
import * as assert from 'node:assert/strict';
import { fromWire, toWire } from '../../src/shared/wireRows';
import { RowBlock } from '../../src/shared/rowBlock';
import type { CellNote, TotalsRow } from '../../src/shared/tableModel';

const langdock: CellNote = { text: 'Langdock' };
const estimate: CellNote = { text: 'List price of 2026-11-01', estimate: true };

const rows: TotalsRow[] = [
  { key: 'u-1', cells: ['Ann', '3', '0.5'], rowCount: 1, notes: { cost: langdock } },
  { key: 'u-2', cells: ['Bo', null, '1.25'], rowCount: 1, notes: { cost: langdock } },
  {
    key: 'u-3',
    cells: ['Cy', '7', ''],
    rowCount: 3,
    unknown: [0, 1, 0],
    notes: { cost: estimate },
    children: [
      { key: 'u-3\u001egpt', cells: ['gpt', '7', '2'], rowCount: 2, notes: { cost: estimate } },
      { key: 'u-3\u001eclaude', cells: ['claude', null, null], rowCount: 1 },
    ],
  },
  { key: 'u-4', cells: ['Dee', '1', '0'], rowCount: 1 },
];

/** A message read back, a page's RowBlock made into rows (as a `load`'s are). */
const readBack = (message: unknown): unknown => {
  const back = fromWire(message) as { rows?: unknown };
  if (back?.rows instanceof RowBlock) back.rows = back.rows.rows();
  return back;
};
const roundTrip = (message: object): unknown => readBack(JSON.parse(JSON.stringify(toWire(message))));

/** A users table's rows: a name each, a department of 40, one role, counts often empty, the key in a cell. */
const users = (n: number): TotalsRow[] =>
  Array.from({ length: n }, (_, i) => ({
    key: `u-${i}`,
    cells: [
      `User ${i}`,
      `u-${i}`,
      `Dept ${i % 40}`,
      'member',
      i % 3 === 0 ? null : String(i % 7),
      i === 2500 ? 'late' : 'x',
    ],
    rowCount: i % 50 === 0 ? 2 : 1,
    ...(i % 10 === 0 ? {} : { notes: i % 97 === 0 ? { cost: estimate } : { cost: langdock } }),
  }));

describe('totals rows on the wire', () => {
  it('gives back the very rows of a load and of a page, parts, counts and notes included', () => {
    const load = { type: 'load', table: { columns: [], totals: { rows } } };
    assert.deepEqual(roundTrip(load), load);
    const page = { type: 'totalsRows', start: 5000, rows, last: true };
    assert.deepEqual(roundTrip(page), page);
    assert.equal((page.rows[0].notes as Record<string, CellNote>).cost, langdock, 'the message itself is unchanged');
    assert.deepEqual(roundTrip({ type: 'totalsRows', start: 0, rows: [], last: true }), {
      type: 'totalsRows',
      start: 0,
      rows: [],
      last: true,
    });
  });

  it('sends a column of few values, a key that repeats a cell and the notes most rows share once', () => {
    const page = { type: 'totalsRows', start: 0, rows: users(3000), last: true };
    const plain = JSON.stringify(page).length;
    const wire = JSON.stringify(toWire(page));
    assert.deepEqual(readBack(JSON.parse(wire)), page);
    assert.ok(wire.length < plain * 0.5, `${wire.length} of ${plain} characters`);
    assert.equal(wire.split('"Dept 3"').length - 1, 1, 'each department once');
    assert.equal(wire.split('Langdock').length - 1, 1, 'each note once');
    assert.equal(wire.split('u-2999').length - 1, 1, 'a key is not sent apart from its cell');
    assert.equal(wire.split('User 3,User').length - 1, 1, 'names run together, each once');
    const back = readBack(JSON.parse(wire)) as { rows: TotalsRow[] };
    assert.equal(back.rows[1].notes, back.rows[2].notes, 'the rows sharing notes share one object');
  });

  it('sends a column as text when its first rows have few values but the page more than there are places', () => {
    const cell = (i: number) => (i < 1000 ? `v${i % 5}` : `v${i % 200}`);
    const page = {
      type: 'totalsRows',
      start: 0,
      last: true,
      rows: Array.from({ length: 2000 }, (_, i) => ({ key: `k${i}`, cells: [cell(i), `v${i % 5}`], rowCount: 1 })),
    };
    const wire = toWire(page) as unknown as { rows: { columns: object[] } };
    assert.ok('text' in wire.rows.columns[0], 'the column of 200 values is a text');
    assert.ok('values' in wire.rows.columns[1], 'the column of five values is its values');
    assert.deepEqual(roundTrip(page), page);
  });

  it('sends a column that repeats an earlier one (Cost beside the cost Langdock gives) as that column', () => {
    const page = {
      type: 'totalsRows',
      start: 0,
      last: true,
      rows: ['0.5', null, '1.25', '0.5'].map((cost, i) => ({
        key: `u-${i}`,
        cells: [cost, `u-${i}`, cost, i === 3 ? '0.50' : cost],
        rowCount: 1,
      })),
    };
    const wire = toWire(page) as unknown as { rows: { columns: object[] } };
    assert.deepEqual(wire.rows.columns[2], { same: 0 });
    assert.ok('text' in wire.rows.columns[3], 'a column that differs in one cell is its own');
    assert.deepEqual(roundTrip(page), page);
  });

  it('joins a column by a character none of its cells holds, and sends cells that hold them all as they are', () => {
    const odd = [',;', '|~', '\uffff', '\ue000\u001f', '', null, 'plain'];
    const every = odd.join('');
    const page = {
      type: 'totalsRows',
      start: 0,
      last: true,
      rows: odd.map((cell, i) => ({ key: `k${i}`, cells: [cell, i === 0 ? every : 'x'], rowCount: 1 })),
    };
    assert.deepEqual(roundTrip(page), page);
  });

  it("holds a page by column, giving each row's cells, key, counts, notes and parts as the rows have them", () => {
    for (const sent of [rows, users(3000)]) {
      const page = fromWire(
        JSON.parse(JSON.stringify(toWire({ type: 'totalsRows', start: 0, rows: sent, last: true }))),
      );
      const block = (page as { rows: unknown }).rows;
      assert.ok(block instanceof RowBlock);
      assert.equal(block.length, sent.length, 'rows, not counting their parts');
      assert.equal(block.grouped, sent === rows);
      sent.forEach((row, i) => {
        row.cells.forEach((cell, c) => assert.equal(block.cell(i, c), cell, `row ${i}, column ${c}`));
        assert.deepEqual(block.cells(i), row.cells);
        assert.equal(block.key(i), row.key);
        assert.deepEqual(block.counts(i), { rowCount: row.rowCount, ...(row.unknown ? { unknown: row.unknown } : {}) });
        assert.deepEqual(block.notes(i), row.notes);
        assert.deepEqual(block.children(i), row.children ?? []);
        (row.children ?? []).forEach((child, k) => assert.deepEqual(block.notes(i, k), child.notes));
      });
      assert.equal(block.cell(0, 99), null, 'a column the page does not have is n/a');
    }
  });

  it('reads back no rows from a malformed form, and no value from a cell that names none', () => {
    const page = (wire: unknown) =>
      readBack({ type: 'totalsRows', start: 0, last: true, rows: wire }) as { rows: TotalsRow[] };
    for (const bad of [
      'text',
      { count: -1, columns: [] },
      { count: 1, columns: [{ text: 'a', lengths: [] }] },
      { count: 2, keys: { cell: 0 }, columns: [{ text: 'a,b,c', separator: ',' }] },
      { count: 2, keys: { cell: 0 }, columns: [{ text: 'ab', separator: '' }] },
      { count: 1, keys: { cell: 0 }, columns: [{ values: ['a'], places: [0] }] },
      { count: 2, keys: { cell: 0 }, columns: [{ values: ['a'], places: '#' }] },
      { count: 1, keys: { cell: 0 }, columns: [{ same: 0 }] },
      { count: 1, keys: { cell: 0 }, columns: [{ text: 'a', separator: ',' }, { same: 2 }, { same: 1 }] },
    ]) {
      assert.deepEqual(page(bad).rows, [], JSON.stringify(bad));
    }
    const forged = page({
      count: 3,
      keys: { text: 'a,b,c', separator: ',', nulls: [] },
      columns: [
        { text: 'x,y,z', separator: ',', nulls: [1, 'no', 2, 7] },
        { values: ['p', 7], places: '#$,' },
      ],
      counts: { 0: 4, 1: -2 },
      noteList: [{ text: 'ok' }, { nope: 1 }],
      notes: { 0: { a: 0, b: 1, c: 7 }, 1: 'no' },
      parts: { 0: 99 },
    });
    assert.deepEqual(forged.rows, [
      {
        key: 'a',
        cells: ['x', 'p'],
        rowCount: 4,
        notes: { a: { text: 'ok' } },
        children: [
          { key: 'b', cells: [null, null], rowCount: 1 },
          { key: 'c', cells: [null, null], rowCount: 1 },
        ],
      },
    ]);
    assert.equal(fromWire('text'), 'text');
    assert.deepEqual(fromWire({ type: 'error', message: 'x' }), { type: 'error', message: 'x' });
  });
});
