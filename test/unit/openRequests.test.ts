/** The one correlation rule of requests and replies (host ↔ table worker, table page ↔ host). */
import * as assert from 'node:assert/strict';
import { OpenRequests } from '../../src/shared/openRequests';

describe('open requests', () => {
  it('matches a reply to what its request asked, once; an unknown or repeated id is stale', () => {
    const requests = new OpenRequests<string>();
    const a = requests.start('page 0');
    const b = requests.start('page 1');
    assert.notEqual(a, b);
    assert.equal(requests.peek(b), 'page 1', 'a reply in parts sees its request while it is open');
    assert.equal(requests.finish(b), 'page 1');
    assert.equal(requests.finish(b), undefined, 'answered already');
    assert.equal(requests.finish(999), undefined, 'never asked');
    assert.ok(requests.some((w) => w === 'page 0'));
    assert.equal(requests.size, 1);
    assert.deepEqual(requests.drain(), ['page 0']);
    assert.equal(requests.size, 0);
  });

  it('a successor has none open, and no id of the set before it', () => {
    const before = new OpenRequests<number>();
    const old = [before.start(1), before.start(2)];
    const after = before.successor();
    assert.equal(after.size, 0);
    const fresh = after.start(3);
    assert.ok(!old.includes(fresh), 'a late reply to the old set never matches the new one');
    for (const id of old) assert.equal(after.finish(id), undefined);
  });
});
