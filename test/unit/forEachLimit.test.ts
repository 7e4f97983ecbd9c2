/** The trend's pool: at most `limit` in flight, in order, and nothing new after cancel. */
import * as assert from 'node:assert/strict';
import { forEachLimit } from '../../src/core/forEachLimit';

/** A call that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Lets every settled promise's continuations run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('forEachLimit', () => {
  it('keeps at most `limit` running, starting items in order as others finish', async () => {
    const gates = [0, 1, 2, 3, 4].map(gate);
    const started: number[] = [];
    const done = forEachLimit([0, 1, 2, 3, 4], 2, async (i) => {
      started.push(i);
      await gates[i].opened;
    });
    await settle();
    assert.deepEqual(started, [0, 1]);
    gates[1].open();
    await settle();
    assert.deepEqual(started, [0, 1, 2]);
    for (const g of gates) g.open();
    await done;
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
  });

  it('starts nothing after the signal aborts; the running ones finish', async () => {
    const stop = new AbortController();
    const gates = [0, 1, 2, 3].map(gate);
    const finished: number[] = [];
    const done = forEachLimit(
      [0, 1, 2, 3],
      2,
      async (i) => {
        await gates[i].opened;
        finished.push(i);
      },
      stop.signal,
    );
    stop.abort();
    for (const g of gates) g.open();
    await done;
    assert.deepEqual(finished, [0, 1]);
  });

  it('rejects with the first failure and does nothing for no items', async () => {
    await forEachLimit([], 2, () => Promise.reject(new Error('never called')));
    await assert.rejects(
      forEachLimit([1, 2], 2, (i) => (i === 2 ? Promise.reject(new Error('second')) : Promise.resolve())),
      /second/,
    );
  });
});
