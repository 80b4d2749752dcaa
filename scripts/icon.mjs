#!/usr/bin/env node
// Renders images/icon.svg to images/icon.png (128x128, the Marketplace's icon size) with resvg.
// scripts/package.mjs runs it before vsce, so the PNG is never stale and is not committed.
//
//   node scripts/icon.mjs [--out FILE.png]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { commandLine } from './args.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ICON_SIZE = 128;

/** The PNG bytes of the icon, rendered at ICON_SIZE x ICON_SIZE. */
export function renderIcon(svgFile = path.join(repoRoot, 'images', 'icon.svg')) {
  const svg = fs.readFileSync(svgFile);
  return new Resvg(svg, { fitTo: { mode: 'width', value: ICON_SIZE }, font: { loadSystemFonts: false } })
    .render()
    .asPng();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = commandLine(
    { out: { type: 'string', default: path.join(repoRoot, 'images', 'icon.png') } },
    'node scripts/icon.mjs [--out FILE.png]',
  );
  const out = path.resolve(values.out);
  const png = renderIcon();
  // Atomic: a reader (vsce) never sees half a file.
  fs.writeFileSync(`${out}.tmp`, png);
  fs.renameSync(`${out}.tmp`, out);
  console.log(`${path.relative(process.cwd(), out)}: ${ICON_SIZE}x${ICON_SIZE}, ${png.length} bytes`);
}
