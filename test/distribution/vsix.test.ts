// `npm run package` (scripts/package.mjs): the .vsix packs with no vsce warning, after its own
// `vsce ls` dry run, with the Marketplace metadata and a 128x128 icon. Packed from the dist/ that
// `npm test` built (--no-build: a production build would rewrite dist/ while other tests run it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../../server/src/engine/testing';

const root = repoRoot();

/** Reads entries of the .vsix with the zip reader package.mjs checks it with. */
function readVsix(vsix: string, names: string[]): Record<string, string> {
  const script = `import(${JSON.stringify(path.join(root, 'scripts', 'package.mjs'))}).then(async (m) => {
    const names = ${JSON.stringify(names)};
    const zip = await m.readZip(${JSON.stringify(vsix)});
    const out = { entries: [...zip.keys()] };
    for (const n of names) out[n] = zip.get(n).toString('base64');
    process.stdout.write(JSON.stringify(out));
  })`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test(
  'npm run package: a .vsix with every Marketplace field, no warning, its files as vsce ls listed them',
  { timeout: 300_000 },
  () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-vsix-'));
    const vsix = path.join(tmp, 'kube-ha.vsix');
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'package.mjs'), '--no-build', '--out', vsix], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    const said = `${r.stdout}\n${r.stderr}`;
    assert.doesNotMatch(said, /WARNING|--skip-license|--allow-missing-repository/);
    assert.match(r.stdout, /^vsce ls: \d+ files, none a user does not need$/m);

    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const got = readVsix(vsix, [
      'extension.vsixmanifest',
      'extension/package.json',
      `extension/${pkg.icon}`,
      'extension/LICENSE.txt',
    ]) as Record<string, unknown>;
    const text = (n: string) => Buffer.from(got[n] as string, 'base64').toString('utf8');
    const manifest = text('extension.vsixmanifest');
    assert.match(manifest, /<License>extension\/LICENSE\.txt<\/License>/);
    assert.match(manifest, new RegExp(`<Icon>extension/${pkg.icon}</Icon>`));
    assert.match(manifest, /Links\.Source" Value="https:\/\/github\.com\/kube-ha\/kube-ha/);
    assert.match(manifest, /Links\.Support" Value="https:\/\/github\.com\/kube-ha\/kube-ha\/issues"/);
    assert.match(manifest, /Branding\.Color" Value="#[0-9a-f]{6}"/);
    assert.match(manifest, /Content\.Changelog/);
    assert.match(text('extension/LICENSE.txt'), /^MIT License/);
    const shipped = JSON.parse(text('extension/package.json'));
    assert.equal(shipped.private, undefined);
    assert.equal(shipped.license, 'MIT');

    const png = Buffer.from(got[`extension/${pkg.icon}`] as string, 'base64');
    assert.equal(png.toString('latin1', 1, 4), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'a 128x128 icon');

    // The README's images are the ones shipped in docs/images.
    const entries = got.entries as string[];
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length > 0, 'the README shows a screenshot');
    for (const img of images) assert.ok(entries.includes(`extension/${img}`), `${img} is in the .vsix`);
    fs.rmSync(tmp, { recursive: true, force: true });
  },
);
