// `npm run soak`: node out/test/robustness/soak-main.js [--edits N] — prints the soak's figures as JSON.
import * as os from 'os';
import { parseArgs } from 'util';
import { runSoak } from './soak-core';

const { values } = parseArgs({ strict: true, options: { edits: { type: 'string', default: '10000' } } });
const edits = Number(values.edits);
void runSoak(edits).then(
  (r) => {
    console.log(
      JSON.stringify(
        {
          ...r,
          node: process.version,
          cpu: os.cpus()[0]?.model,
          loadavg: os
            .loadavg()
            .map((x) => x.toFixed(1))
            .join(' '),
        },
        null,
        2,
      ),
    );
    process.exit(r.rssEndMB <= r.rssAfter1000MB * 1.1 ? 0 : 1);
  },
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
