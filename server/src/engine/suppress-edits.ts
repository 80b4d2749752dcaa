// Edits behind the "Ignore …" and "Turn … off" code actions, in the suppression forms rules.md
// defines. Built on the same format-preserving primitives as the fixes.
import { isScalar } from 'yaml';
import { locate } from './locate';
import { parseSource } from './parse';
import { setIn } from './edits';
import type { FileEdit, KObject, SourceFile } from './types';

const ANNOTATION = 'kube-ha/ignore';

/** Add the rule to the object's `kube-ha/ignore` annotation (creating it when absent). */
export function ignoreForObject(obj: KObject, rule: string): FileEdit {
  const path = ['metadata', 'annotations', ANNOTATION];
  const loc = locate(obj, path);
  if (loc?.node && isScalar(loc.node) && typeof loc.node.value === 'string' && loc.node.value.trim()) {
    const ids = loc.node.value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!ids.includes(rule)) ids.push(rule);
    return setIn(obj, path, { value: ids.join(',') });
  }
  return setIn(obj, path, { value: rule });
}

/** Insert `# kube-ha-ignore <rule>` above `line` (or extend such a comment already there). */
export function ignoreOnLine(source: SourceFile, line: number, rule: string): FileEdit {
  const text = source.text;
  const starts = source.lineCounter.lineStarts;
  const start = starts[line] ?? text.length;
  const lineText = text.slice(start, text.indexOf('\n', start) < 0 ? text.length : text.indexOf('\n', start));
  const indent = /^[ \t]*/.exec(lineText)![0];
  const eol = /\r\n/.test(text.slice(0, 4096)) ? '\r\n' : '\n';
  if (line > 0) {
    const prevStart = starts[line - 1];
    const prev = text.slice(prevStart, start).replace(/\r?\n$/, '');
    const m = /^([ \t]*#\s*kube-ha-ignore)(?!-document)\s+(.*)$/.exec(prev);
    if (m) {
      const ids = m[2].split(/[\s,]+/).filter(Boolean);
      if (ids.includes(rule)) return { file: source.file, start, end: start, newText: '' };
      return {
        file: source.file,
        start: prevStart,
        end: prevStart + prev.length,
        newText: `${m[1]} ${[...ids, rule].join(',')}`,
      };
    }
  }
  return { file: source.file, start, end: start, newText: `${indent}# kube-ha-ignore ${rule}${eol}` };
}

/** The text of .kube-ha.yaml with `rules.<rule>: off` set (a new file when there is none). */
export function disableInConfig(configText: string | null, rule: string): string {
  if (configText === null || configText.trim() === '') return `rules:\n  ${rule}: "off"\n`;
  const source = parseSource('.kube-ha.yaml', configText);
  const doc = source.docs[0];
  if (!doc || doc.doc.errors.length) return configText; // a broken config is not ours to rewrite
  const target = { doc: doc.doc, file: source.file, source };
  const edit = setIn(target, ['rules', rule], { value: 'off' });
  // Quote "off": YAML 1.1 readers would otherwise read a bare off as false.
  const text =
    configText.slice(0, edit.start) +
    edit.newText.replace(/\boff$/, '"off"').replace(/: off(\r?\n|$)/, ': "off"$1') +
    configText.slice(edit.end);
  return text;
}
