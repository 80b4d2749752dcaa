// The language server's boundary: every notification and request is checked against the shape
// of the fields the server reads before a handler sees it. A malformed notification is logged
// and dropped, a malformed request answered with InvalidParams; a handler that throws is logged
// (a notification) or answered with an error (a request). Nothing a client sends reaches a
// deferred job with the wrong types, where a throw would end the process.
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';

/** The shape of a value: a primitive kind, an object's fields, an array's items, optional or alternatives. */
export type Shape =
  | 'string'
  | 'uint'
  | 'int'
  | 'number'
  | 'boolean'
  | 'object'
  | 'any'
  | 'absent'
  | { fields: Record<string, Shape> }
  | { array: Shape; max?: number }
  | { optional: Shape }
  | { nullable: Shape }
  | { oneOf: Shape[] };

const opt = (s: Shape): Shape => ({ optional: s });
const obj = (fields: Record<string, Shape>): Shape => ({ fields });
const position = obj({ line: 'uint', character: 'uint' });
const range = obj({ start: position, end: position });
const docId = obj({ uri: 'string' });
const diagnostic = obj({
  range,
  message: 'string',
  code: opt({ oneOf: ['string', 'int'] }),
  source: opt('string'),
  severity: opt('uint'),
});

/** The fields kube-ha reads of each message it handles (others are ignored, not checked). */
export const MESSAGE_SHAPES: Record<string, Shape> = {
  initialize: obj({
    rootUri: opt({ nullable: 'string' }),
    workspaceFolders: opt({ nullable: { array: obj({ uri: 'string', name: opt('string') }) } }),
    capabilities: 'object',
    initializationOptions: opt({ nullable: 'any' }),
  }),
  initialized: opt('any'),
  'workspace/didChangeConfiguration': opt('any'),
  'textDocument/didOpen': obj({
    textDocument: obj({ uri: 'string', languageId: 'string', version: 'int', text: 'string' }),
  }),
  'textDocument/didChange': obj({
    textDocument: obj({ uri: 'string', version: 'int' }),
    contentChanges: {
      array: {
        oneOf: [obj({ range, rangeLength: opt('uint'), text: 'string' }), obj({ range: 'absent', text: 'string' })],
      },
    },
  }),
  'textDocument/didClose': obj({ textDocument: docId }),
  'textDocument/willSave': obj({ textDocument: docId, reason: 'uint' }),
  'textDocument/willSaveWaitUntil': obj({ textDocument: docId, reason: 'uint' }),
  'textDocument/didSave': obj({ textDocument: docId, text: opt('string') }),
  'workspace/didChangeWatchedFiles': obj({ changes: { array: obj({ uri: 'string', type: 'uint' }) } }),
  'textDocument/codeAction': obj({
    textDocument: docId,
    range,
    context: obj({ diagnostics: { array: diagnostic }, only: opt({ array: 'string' }) }),
  }),
  'textDocument/hover': obj({ textDocument: docId, position }),
  'textDocument/codeLens': obj({ textDocument: docId }),
  'kubeHa/findManifest': obj({ kind: 'string', name: 'string', namespace: 'string' }),
  'kubeHa/liveHealth': obj({
    context: { nullable: 'string' },
    services: {
      array: obj({
        namespace: 'string',
        name: 'string',
        health: 'string',
        ready: 'uint',
        total: 'uint',
        reason: 'string',
      }),
    },
  }),
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why `value` does not have `shape` (naming the field, never quoting the value), or null. */
export function problem(value: unknown, shape: Shape, at = 'params'): string | null {
  if (typeof shape === 'string') {
    switch (shape) {
      case 'any':
        return null;
      case 'absent':
        return value === undefined ? null : `${at} must be left out`;
      case 'string':
        return typeof value === 'string' ? null : `${at} must be a string`;
      case 'boolean':
        return typeof value === 'boolean' ? null : `${at} must be a boolean`;
      case 'number':
        return typeof value === 'number' && Number.isFinite(value) ? null : `${at} must be a number`;
      case 'int':
        return Number.isSafeInteger(value) ? null : `${at} must be an integer`;
      case 'uint':
        return Number.isSafeInteger(value) && (value as number) >= 0 ? null : `${at} must be a non-negative integer`;
      case 'object':
        return isObject(value) ? null : `${at} must be an object`;
    }
  }
  if ('optional' in shape) return value === undefined ? null : problem(value, shape.optional, at);
  if ('nullable' in shape) return value === null ? null : problem(value, shape.nullable, at);
  if ('oneOf' in shape) {
    const all = shape.oneOf.map((s) => problem(value, s, at));
    return all.includes(null) ? null : all[0];
  }
  if ('array' in shape) {
    if (!Array.isArray(value)) return `${at} must be an array`;
    for (let i = 0; i < value.length; i++) {
      const p = problem(value[i], shape.array, `${at}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if (!isObject(value)) return `${at} must be an object`;
  for (const [k, s] of Object.entries(shape.fields)) {
    const p = problem(value[k], s, `${at}.${k}`);
    if (p) return p;
  }
  return null;
}

type Log = (msg: string) => void;
const why = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

/** A notification handler that sees only well-formed params and never throws. */
export function guardNotification<P>(method: string, log: Log, handler: (p: P) => void): (p: P) => void {
  const shape = MESSAGE_SHAPES[method] ?? 'any';
  return (p: P) => {
    const bad = problem(p, shape);
    if (bad) {
      log(`dropped ${method}: ${bad}`);
      return;
    }
    try {
      handler(p);
    } catch (err) {
      log(`${method} failed: ${why(err)}`);
    }
  };
}

/** A request handler that answers InvalidParams for malformed params and an error when it throws.
 *  (Typed as the handler it wraps: connection.onX() takes ResponseError results too.) */
export function guardRequest<H extends (p: any, ...rest: any[]) => unknown>(method: string, log: Log, handler: H): H {
  const shape = MESSAGE_SHAPES[method] ?? 'any';
  const guarded = async (p: unknown, ...rest: unknown[]) => {
    const bad = problem(p, shape);
    if (bad) {
      log(`rejected ${method}: ${bad}`);
      return new ResponseError(ErrorCodes.InvalidParams, `${method}: ${bad}`);
    }
    try {
      return await handler(p, ...rest);
    } catch (err) {
      log(`${method} failed: ${why(err)}`);
      return new ResponseError(ErrorCodes.InternalError, `${method} failed`);
    }
  };
  return guarded as unknown as H;
}

/** What TextDocuments.listen() registers on: the connection, with each document notification guarded. */
export function guardedDocumentSync(connection: Connection, log: Log): Connection {
  const c = Object.create(connection) as Connection;
  const notifications = {
    onDidOpenTextDocument: 'textDocument/didOpen',
    onDidChangeTextDocument: 'textDocument/didChange',
    onDidCloseTextDocument: 'textDocument/didClose',
    onWillSaveTextDocument: 'textDocument/willSave',
    onDidSaveTextDocument: 'textDocument/didSave',
  } as const;
  for (const [name, method] of Object.entries(notifications) as [keyof typeof notifications, string][]) {
    const register = connection[name].bind(connection) as (h: (p: unknown) => void) => unknown;
    (c as unknown as Record<string, unknown>)[name] = (h: (p: unknown) => void) =>
      register(guardNotification(method, log, h));
  }
  c.onWillSaveTextDocumentWaitUntil = ((h: Parameters<Connection['onWillSaveTextDocumentWaitUntil']>[0]) =>
    connection.onWillSaveTextDocumentWaitUntil(
      guardRequest('textDocument/willSaveWaitUntil', log, h),
    )) as Connection['onWillSaveTextDocumentWaitUntil'];
  return c;
}
