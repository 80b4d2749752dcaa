// The server's LSP message writer for stdio: vscode-jsonrpc's stream writer writes each message as
// two writes (header, body) and waits for each write's callback before the next message, so the
// 30,000 publishes after a big workspace scan cost 60,000 write system calls and a chain of
// promises. This one frames every message of the current task into one string and writes it once
// when the task ends (a microtask): same bytes, same order, one write.
import type { Writable } from 'stream';
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

const PUBLISH = 'textDocument/publishDiagnostics';
const JSON_OF = Symbol('json');

/** `list` with its JSON attached, as a string or as its UTF-8 bytes (the caller computed it, and
 *  does not change `list` after): this writer sends that instead of encoding the list again.
 *  Other writers see a plain array. */
export function withJson<T extends unknown[]>(list: T, json: string | Buffer): T {
  Object.defineProperty(list, JSON_OF, { value: json });
  return list;
}

/** A message's JSON, as JSON.stringify gives it; a publish's diagnostics from withJson as they are. */
export function messageJson(msg: Message): string {
  return messageParts(msg)
    .map((p) => (typeof p === 'string' ? p : p.toString('utf8')))
    .join('');
}

/** messageJson in parts: a publish's attached bytes are sent as they are, between two strings. */
function messageParts(msg: Message): (string | Buffer)[] {
  const m = msg as {
    jsonrpc: string;
    method?: string;
    params?: { uri: string; version?: number | null; diagnostics?: unknown };
  };
  const p = m.method === PUBLISH ? m.params : undefined;
  const json =
    p && Array.isArray(p.diagnostics) ? (p.diagnostics as { [JSON_OF]?: string | Buffer })[JSON_OF] : undefined;
  if (json === undefined || !onlyKeys(m, MESSAGE_KEYS) || !onlyKeys(p!, PARAMS_KEYS)) return [JSON.stringify(msg)];
  // In the order the message and the params were built (analysis.ts), as JSON.stringify writes them.
  const version = p!.version === undefined ? '' : `,"version":${JSON.stringify(p!.version)}`;
  const head = `{"jsonrpc":${JSON.stringify(m.jsonrpc)},"method":"${PUBLISH}","params":{"uri":${JSON.stringify(p!.uri)}${version},"diagnostics":`;
  return typeof json === 'string' ? [`${head}${json}}}`] : [head, json, '}}'];
}

const MESSAGE_KEYS = ['jsonrpc', 'method', 'params'];
const PARAMS_KEYS = ['uri', 'version', 'diagnostics'];

/** The object's own keys are `keys`, in that order, some perhaps missing. */
function onlyKeys(o: object, keys: string[]): boolean {
  let at = 0;
  for (const k of Object.keys(o)) {
    while (at < keys.length && keys[at] !== k) at++;
    if (at++ === keys.length) return false;
  }
  return true;
}

export class BatchedMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private parts: (string | Buffer)[] = [];
  private errors = 0;

  constructor(private readonly out: Writable) {
    super();
    out.on('error', (err: Error) => this.fireError(err));
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    let parts: (string | Buffer)[];
    try {
      parts = messageParts(msg);
    } catch (err) {
      this.fireError(err, msg, ++this.errors);
      return Promise.reject(err as Error);
    }
    let bytes = 0;
    for (const p of parts) bytes += typeof p === 'string' ? Buffer.byteLength(p, 'utf8') : p.length;
    if (this.parts.length === 0) queueMicrotask(() => this.flush());
    this.parts.push(`Content-Length: ${bytes}\r\n\r\n`, ...parts);
    return Promise.resolve();
  }

  private flush() {
    if (this.parts.length === 0) return;
    const parts = this.parts;
    this.parts = [];
    this.out.write(joined(parts), 'utf8', (err) => {
      if (err) this.fireError(err, undefined, ++this.errors);
    });
  }

  end(): void {
    this.flush();
    this.out.end();
  }
}

/** The parts as one string, or as one buffer when some are bytes already (runs of strings encoded together). */
function joined(parts: (string | Buffer)[]): string | Buffer {
  if (parts.every((p) => typeof p === 'string')) return parts.join('');
  const chunks: Buffer[] = [];
  let text: string[] = [];
  for (const p of parts) {
    if (typeof p === 'string') text.push(p);
    else {
      if (text.length) chunks.push(Buffer.from(text.join(''), 'utf8'));
      text = [];
      chunks.push(p);
    }
  }
  if (text.length) chunks.push(Buffer.from(text.join(''), 'utf8'));
  return Buffer.concat(chunks);
}
