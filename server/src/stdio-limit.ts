// LSP over stdio buffers each message whole before parsing it: a message of hundreds of MB (or a
// Content-Length that claims so) left the server reading, then idle and unanswering, never
// exiting. This watches the framing beside the real reader and ends the process at a header
// over the limit, so the client sees the server exit (and can restart it) instead of a hang.
import type { Readable } from 'stream';

/** Far above any document the server analyses (10 MB by default, JSON-escaped). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

/** Headers longer than this are not LSP's: stop watching (the reader reports them). */
const MAX_HEADER = 16 * 1024;

/** Calls tooLarge(n) at the first message header whose Content-Length n is over max. */
export function watchMessageSizes(stream: Readable, max: number, tooLarge: (n: number) => void): void {
  let header = '';
  let body = 0;
  let watching = true;
  stream.on('data', (chunk: Buffer) => {
    for (let i = 0; watching && i < chunk.length;) {
      if (body > 0) {
        const take = Math.min(body, chunk.length - i);
        body -= take;
        i += take;
        continue;
      }
      const rest = chunk.toString('latin1', i);
      const all = header + rest;
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) {
        header = all;
        i = chunk.length;
        if (header.length > MAX_HEADER) watching = false;
        continue;
      }
      const m = /(?:^|\r\n)content-length:\s*(\d+)/i.exec(all.slice(0, end));
      i += end + 4 - header.length;
      header = '';
      body = m ? Number(m[1]) : 0;
      if (body > max) {
        watching = false;
        tooLarge(body);
      }
    }
  });
}
