import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'stream';
import { watchMessageSizes } from './stdio-limit';

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

test('message sizes are followed across chunks; only a header over the limit trips', () => {
  const s = new PassThrough();
  const seen: number[] = [];
  watchMessageSizes(s, 100, (n) => seen.push(n));
  // Bodies that look like headers, split anywhere, are skipped by their length.
  const text =
    frame('{"a":"Content-Length: 999999\\r\\n\\r\\n"}') +
    frame('x'.repeat(100)) +
    'Content-Type: x\r\nContent-Length: 101\r\n\r\n' +
    'y'.repeat(101);
  for (let i = 0; i < text.length; i += 7) s.write(Buffer.from(text.slice(i, i + 7), 'latin1'));
  assert.deepEqual(seen, [101]);
});
