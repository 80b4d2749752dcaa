import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { escapeName } from './utf8-bytes';

const name = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

test('escapeName: printable names as they are; control characters and invalid bytes escaped', () => {
  assert.equal(escapeName(name('apps/web/deployment.yaml')), 'apps/web/deployment.yaml');
  assert.equal(escapeName(name('a b\\c~.yaml')), 'a b\\c~.yaml');
  assert.equal(escapeName(name('')), '');
  assert.equal(escapeName(name('café/日本.yaml')), 'café/日本.yaml');
  assert.equal(escapeName(name('new\nline\ttab\rcr.yaml')), 'new\\nline\\ttab\\rcr.yaml');
  assert.equal(escapeName(name('esc', [0x1b], 'del', [0x7f], '.yaml')), 'esc\\x1bdel\\x7f.yaml');
  assert.equal(escapeName(name('bad', [0xff, 0xc3], '.yaml')), 'bad\\xff\\xc3.yaml');
  // A view into a larger buffer: only its own bytes.
  const big = name('xx/ok.yaml/yy');
  assert.equal(escapeName(big.subarray(3, 10)), 'ok.yaml');
});

test('escapeName: random byte strings give one line, and printable ASCII ones come back unchanged', () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let n = 0; n < 2000; n++) {
    const ascii = n % 2 === 0;
    const bytes = Buffer.from(
      Array.from({ length: Math.floor(rand() * 24) }, () =>
        ascii ? 0x20 + Math.floor(rand() * 0x5f) : Math.floor(rand() * 256),
      ),
    );
    const out = escapeName(bytes);
    assert.ok(!/[\n\r\t\x00-\x1f\x7f]/.test(out), `one printable line: ${JSON.stringify(out)}`);
    if (ascii) assert.equal(out, bytes.toString('latin1'));
  }
});
