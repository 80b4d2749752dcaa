// The soak of issue 6: N incremental edits (typing in a comment, deleting it again, toggling
// replicas) to one document over LSP stdio; the server's resident memory (VmRSS) after the first
// 1,000 edits and at the end. No GC can be forced in the child, so each figure is the median of
// the samples taken after each of 10 consecutive bursts of 10 edits.
import * as fs from 'fs';
import * as path from 'path';
import { codes, fileUri, repoRootFromTest, startServer } from '../lsp/client';

export const SOAK_DOC = fs.readFileSync(path.join(repoRootFromTest(), 'examples', 'web.yaml'), 'utf8');

export function vmRssMB(pid: number): number {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+)/m.exec(s)?.[1] ?? NaN) / 1024;
}

export interface SoakResult {
  edits: number;
  rssAfter1000MB: number;
  rssEndMB: number;
  growthPct: number;
  samplesAfter1000: number[];
  samplesEnd: number[];
  seconds: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runSoak(edits = 10_000, timeoutMs = 30_000): Promise<SoakResult> {
  const started = Date.now();
  const s = await startServer();
  try {
    const uri = fileUri('/soak/web.yaml');
    // A document whose single-replica finding we toggle: the original + one Deployment.
    const base =
      SOAK_DOC.replace(/\n*$/, '\n') +
      '---\n# note: \napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: soak}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: soak}}\n  template:\n    metadata: {labels: {app: soak}}\n    spec: {containers: [{name: c, image: "nginx:1.27"}]}\n';
    const lines = base.split('\n');
    const noteLine = lines.indexOf('# note: ');
    const replicasLine = lines.findIndex((l, i) => i > noteLine && l === '  replicas: 1');
    const hasSoak = (d: { code?: unknown; range: { start: { line: number } } }[]) =>
      d.some((x) => x.code === 'single-replica' && x.range.start.line === replicasLine);
    let first = s.waitForDiagnostics(uri, hasSoak, timeoutMs);
    s.open(uri, base, 1);
    await first;
    let version = 1;
    let replicas = '1';
    const bursts = Math.ceil(edits / 10);
    const a: number[] = [],
      b: number[] = [];
    for (let burst = 0; burst < bursts; burst++) {
      // 8 characters typed at the end of the comment, then deleted in one edit
      const col = '# note: '.length;
      for (let k = 0; k < 8; k++)
        s.change(uri, ++version, [
          {
            range: { start: { line: noteLine, character: col + k }, end: { line: noteLine, character: col + k } },
            text: 'abcdefgh'[k],
          },
        ]);
      s.change(uri, ++version, [
        { range: { start: { line: noteLine, character: col }, end: { line: noteLine, character: col + 8 } }, text: '' },
      ]);
      // toggle replicas 1 <-> 3: the finding appears or goes, which we wait for
      replicas = replicas === '1' ? '3' : '1';
      const want = replicas === '1';
      const seen = s.waitForDiagnostics(uri, (d) => hasSoak(d) === want, timeoutMs);
      s.change(uri, ++version, [
        {
          range: { start: { line: replicasLine, character: 12 }, end: { line: replicasLine, character: 13 } },
          text: replicas,
        },
      ]);
      await seen;
      const done = (burst + 1) * 10;
      if (done > 1000 && done <= 1100) a.push(vmRssMB(s.proc.pid!));
      if (done > bursts * 10 - 100) b.push(vmRssMB(s.proc.pid!));
    }
    // Still answering and still right at the end.
    first = s.waitForDiagnostics(uri, (d) => codes(d).length > 0, timeoutMs);
    s.change(uri, ++version, [{ text: base }]);
    await first;
    const rssAfter1000MB = median(a),
      rssEndMB = median(b);
    return {
      edits: bursts * 10,
      rssAfter1000MB,
      rssEndMB,
      growthPct: (rssEndMB / rssAfter1000MB - 1) * 100,
      samplesAfter1000: a,
      samplesEnd: b,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await s.stop();
  }
}
