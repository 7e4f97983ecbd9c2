import * as assert from 'assert';
import { extensionApi } from './helpers';

describe('activation', () => {
  it('activates quickly and without work of its own (figure read by npm run bench)', async () => {
    const api = await extensionApi();
    console.log(`activation: ${api.activationMs.toFixed(2)} ms`);
    assert.ok(api.activationMs < 200, `activate() took ${api.activationMs} ms`);
  });
});
