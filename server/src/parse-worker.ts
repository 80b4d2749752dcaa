// A worker thread of the parse pool (parse-pool.ts): reads and parses workspace files, and sends
// back plain data (values, position tables), so the workspace scan parses on every core.
import { parentPort } from 'worker_threads';
import { decodeUtf8, parseFileData, DEFAULT_LIMITS } from './engine/parse';
import { readForIndexSync } from './read-file';
import type { ParseRequest, ParseResult } from './parse-pool';
import { chartTemplatePredicate } from './chart-templates';

// Keys here are absolute paths (ParseRequest.path).
const chartTemplate = chartTemplatePredicate((p) => p);

function parseOne(req: ParseRequest): ParseResult {
  try {
    // Synchronous reads: this thread has nothing else to do meanwhile, and an async read costs
    // more in round trips than the read itself for files of a few KB.
    const bytes = readForIndexSync(req.path, req.maxBytes);
    if (typeof bytes === 'number') return { id: req.id, overLimit: bytes };
    if ('skip' in bytes) return { id: req.id, skip: bytes.skip };
    if (bytes.length > req.maxBytes) return { id: req.id, overLimit: bytes.length };
    const { text, invalidAt } = decodeUtf8(bytes);
    return {
      id: req.id,
      text,
      invalidAt,
      data: parseFileData(text, { ...DEFAULT_LIMITS, maxBytes: req.maxBytes, chartTemplate }, req.path),
    };
  } catch (err) {
    return {
      id: req.id,
      error: (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err)),
    };
  }
}

parentPort?.on('message', (batch: ParseRequest[]) => {
  const results = batch.map(parseOne);
  // Position tables of big documents (Int32Arrays) move to the main thread instead of being copied.
  const transfer = results.flatMap((r) =>
    'data' in r
      ? r.data.chunks.flatMap((c) =>
          c.docs.flatMap((d) =>
            d.positions && typeof d.positions.slots !== 'string' ? [d.positions.slots.buffer as ArrayBuffer] : [],
          ),
        )
      : [],
  );
  parentPort!.postMessage(results, transfer);
});
