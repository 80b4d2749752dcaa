import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, SINGLE } from './engine/testing';
import { encodeDiagnostics } from './encoded-diagnostics';
import { toDiagnostic } from './language-service';

// A Deployment with findings and a Service selecting it (a finding with related information).
const TEXT = `${SINGLE}---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`;

describe('encodeDiagnostics', () => {
  const findings = lint(TEXT);
  const plain = (f: typeof findings) => JSON.stringify(f.map(toDiagnostic));

  test('encodes as JSON.stringify of the diagnostics does', () => {
    assert.ok(findings.length > 1 && findings.some((f) => f.related.length > 0));
    const e = encodeDiagnostics(findings, undefined);
    assert.equal(e.json, plain(findings));
    assert.equal(e.bytes.toString('utf8'), e.json);
    assert.deepEqual(e.diagnostics, findings.map(toDiagnostic));
    assert.equal(encodeDiagnostics([], e).json, '[]');
  });

  test('keeps the encoding of findings that say the same, moved or not', () => {
    const first = encodeDiagnostics(findings, undefined);
    // The same findings as new objects at other offsets (an edit above them on the same line).
    const moved = findings.map((f) => ({ ...f, offset: { start: f.offset.start + 1, end: f.offset.end + 1 } }));
    const again = encodeDiagnostics(moved, first);
    assert.equal(again.json, first.json);
    assert.equal(again.diagnostics, first.diagnostics);
    assert.equal(again.findings, moved);
  });

  test('encodes anew what differs: a message, a range, a related location, a longer list', () => {
    const first = encodeDiagnostics(findings, undefined);
    const rel = findings.findIndex((f) => f.related.length > 0);
    const changed = findings.map((f, i) =>
      i === 0
        ? { ...f, message: `${f.message}!` }
        : i === rel
          ? { ...f, related: f.related.map((r) => ({ ...r, range: { ...r.range, end: { line: 99, character: 0 } } })) }
          : f,
    );
    const second = encodeDiagnostics(changed, first);
    assert.equal(second.json, plain(changed));
    assert.notEqual(second.json, first.json);
    const same = findings.findIndex((_, i) => i !== 0 && i !== rel);
    assert.equal(second.diagnostics[same], first.diagnostics[same]);
    const down = findings.map((f) => ({
      ...f,
      range: { ...f.range, start: { ...f.range.start, line: f.range.start.line + 1 } },
    }));
    assert.equal(encodeDiagnostics(down, first).json, plain(down));
    const longer = [...findings, findings[0]];
    assert.equal(encodeDiagnostics(longer, first).json, plain(longer));
    assert.equal(encodeDiagnostics(findings.slice(1), first).json, plain(findings.slice(1)));
  });
});
