// The soak in `npm test`: 10,000 incremental edits to one document over LSP; resident memory at
// the end within 10 % of after the first 1,000 (`npm run soak` prints the same run's figures).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import { runSoak } from './soak-core';

test(
  'soak: 10,000 edits to one document, memory settles',
  { skip: !fs.existsSync('/proc/self/status') && 'needs Linux /proc' },
  async (t) => {
    const r = await runSoak(10_000);
    t.diagnostic(
      `RSS after 1,000 edits ${r.rssAfter1000MB.toFixed(1)} MB, after ${r.edits} ${r.rssEndMB.toFixed(1)} MB (${r.growthPct.toFixed(1)} %), ${r.seconds.toFixed(0)} s`,
    );
    assert.ok(
      r.rssEndMB <= r.rssAfter1000MB * 1.1,
      `RSS grew from ${r.rssAfter1000MB.toFixed(1)} MB to ${r.rssEndMB.toFixed(1)} MB; samples ${JSON.stringify(r)}`,
    );
  },
);
