#!/usr/bin/env node
// Checks the artefact a user installs: installs a packaged .vsix into a fresh code-server with
// --install-extension, opens an example in headless Chromium like a person would (click in the
// Explorer), opens the Problems panel and waits until a kube-ha problem with a rule id is visible.
// Screenshot: test-results/e2e/vsix/problems-panel.png.
//
//   node scripts/e2e/vsix-check.mjs [path/to/kube-ha.vsix] [--file api.yaml] [--workspace DIR]
//                                   [--timeout SECONDS] [--no-install] [--keep]
// Default .vsix: <name>-<version>.vsix at the repo root (what npm run package writes).
import fs from 'node:fs';
import { commandLine } from '../args.mjs';
import path from 'node:path';
import { chromiumArgs, chromiumPath, install, loadPlaywright, repoRoot } from './install.mjs';
import {
  codeServerCli,
  collectLogs,
  copyWorkspace,
  E2eError,
  examplesDir,
  log,
  makeTempDir,
  resultsDir,
  startCodeServer,
  writeUserSettings,
  runMain,
} from './common.mjs';

const EXTENSION_ID = 'kube-ha.kube-ha';
const outDir = path.join(resultsDir, 'vsix');

/** Rule ids expected in `file`: its "# expect: id" markers, else every documented rule. */
function expectedRuleIds(file) {
  const marked = [...fs.readFileSync(file, 'utf8').matchAll(/^#\s*expect:\s*([a-z0-9-]+)\s*$/gm)].map((m) => m[1]);
  if (marked.length) return [...new Set(marked)];
  const docs = path.join(repoRoot, 'docs', 'rules');
  const ids = fs.existsSync(docs)
    ? fs
        .readdirSync(docs)
        .filter((f) => f.endsWith('.md') && f !== 'README.md')
        .map((f) => f.slice(0, -3))
    : [];
  if (!ids.length) throw new E2eError(`${file} has no "# expect:" markers and docs/rules/ lists no rule ids`);
  return ids;
}

/** The example to open: --file, else the first one that expects single-replica, else the first with any marker. */
function pickFile(workspace, wanted) {
  if (wanted) {
    if (!fs.existsSync(path.join(workspace, wanted))) throw new E2eError(`--file ${wanted} is not in the workspace`);
    return wanted;
  }
  const files = fs
    .readdirSync(workspace)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const text = (f) => fs.readFileSync(path.join(workspace, f), 'utf8');
  const pick =
    files.find((f) => /^#\s*expect:\s*single-replica\s*$/m.test(text(f))) ??
    files.find((f) => /^#\s*expect:/m.test(text(f))) ??
    files[0];
  if (!pick) throw new E2eError(`no YAML file in ${workspace}`);
  return pick;
}

async function main() {
  const t0 = Date.now();
  const { values: opts, positionals: rest } = commandLine(
    {
      file: { type: 'string' },
      workspace: { type: 'string' },
      timeout: { type: 'string' },
      'no-install': { type: 'boolean' },
      keep: { type: 'boolean' },
    },
    'node scripts/e2e/vsix-check.mjs [path/to/kube-ha.vsix] [--file api.yaml] [--workspace DIR] [--timeout SECONDS] [--no-install] [--keep]',
    { allowPositionals: true },
  );
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const vsix = path.resolve(rest[0] ?? path.join(repoRoot, `${pkg.name}-${pkg.version}.vsix`));
  if (!fs.existsSync(vsix))
    throw new E2eError(`${vsix} does not exist: run npm run package first (or pass the .vsix path)`);
  const timeoutMs = Number(opts.timeout ?? 120) * 1000;

  await install({ checkOnly: Boolean(opts['no-install']) });
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = makeTempDir('kube-ha-vsix-');
  const workspace = copyWorkspace(path.resolve(opts.workspace ?? examplesDir), tmp);
  const file = pickFile(workspace, opts.file);
  const ruleIds = expectedRuleIds(path.join(workspace, file));

  const cleanups = [];
  const cleanup = async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch((e) => log(`cleanup: ${e.message}`));
  };
  const onSignal = () => cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  cleanups.push(async () => {
    if (!opts.keep) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  });
  let page;
  try {
    // 1. install the .vsix the way a user would
    const dirs = { tmp, userDataDir: path.join(tmp, 'user-data'), extensionsDir: path.join(tmp, 'extensions') };
    log(
      `installing ${path.relative(process.cwd(), vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(1)} KiB) into a fresh code-server`,
    );
    const inst = codeServerCli(['--install-extension', vsix, '--force'], dirs);
    fs.writeFileSync(path.join(outDir, 'install-extension.log'), inst.output);
    if (inst.status !== 0 || !/successfully installed/i.test(inst.output)) {
      throw new E2eError(`code-server --install-extension failed (exit ${inst.status}):\n${inst.output}`);
    }
    const list = codeServerCli(['--list-extensions', '--show-versions'], dirs);
    if (!list.output.toLowerCase().includes(EXTENSION_ID))
      throw new E2eError(`${EXTENSION_ID} is not listed after installing:\n${list.output}`);
    log(
      `installed: ${list.output
        .trim()
        .split('\n')
        .filter((l) => l.toLowerCase().includes(EXTENSION_ID))
        .join(', ')}`,
    );

    // 2. start code-server on the workspace copy (no dev extension, no test payload)
    const server = await startCodeServer({ tmp, workspace, logFile: path.join(outDir, 'code-server.log') });
    cleanups.push(async () => {
      collectLogs(server.userDataDir, path.join(outDir, 'logs'));
      await server.stop();
    });
    writeUserSettings(server.userDataDir);

    // 3. a person opens the file from the Explorer and looks at the Problems panel
    const { chromium } = await loadPlaywright();
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 60_000 });
    cleanups.push(async () => {
      await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 10_000).unref())]);
    });
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const consoleLog = fs.createWriteStream(path.join(outDir, 'browser-console.log'));
    cleanups.push(async () => consoleLog.end());
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    page.setDefaultTimeout(timeoutMs);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });

    log(`opening ${file} from the Explorer`);
    const row = page
      .locator('.explorer-folders-view .monaco-list-row')
      .filter({ hasText: new RegExp(`^\\s*${file.replace(/\./g, '\\.')}`) })
      .first();
    await row.waitFor({ state: 'visible' });
    await row.dblclick();
    await page.locator(`.tabs-container .tab[aria-label^="${file}"]`).first().waitFor({ state: 'visible' });
    await page.locator('.monaco-editor .view-lines').first().click(); // focus the editor, then the Problems panel shortcut
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    try {
      await panel.waitFor({ state: 'visible', timeout: 15_000 });
    } catch {
      // fall back to the command palette
      await page.keyboard.press('F1');
      await page.keyboard.type('View: Focus on Problems View');
      await page.keyboard.press('Enter');
      await panel.waitFor({ state: 'visible' });
    }

    log(`waiting for a kube-ha problem in the Problems panel (${ruleIds.join(', ')})`);
    const found = await page
      .waitForFunction(
        (ids) => {
          // Each problem row renders message, source and code in separate elements (the parentheses are CSS).
          const text = (r, sel) => r.querySelector(sel)?.textContent?.trim() ?? '';
          const hits = [...document.querySelectorAll('.markers-panel .monaco-list-row')]
            .filter((r) => text(r, '.marker-source') === 'kube-ha' && ids.includes(text(r, '.marker-code')))
            .map(
              (r) => `${text(r, '.marker-message')}  kube-ha(${text(r, '.marker-code')})  ${text(r, '.marker-line')}`,
            );
          return hits.length ? hits : false;
        },
        ruleIds,
        { timeout: timeoutMs, polling: 250 },
      )
      .then((h) => h.jsonValue());
    const png = path.join(outDir, 'problems-panel.png');
    await page.screenshot({ path: png });
    process.stdout.write(
      `\nvsix check passed: the Problems panel shows\n${found.map((t) => `  ${t.trim()}`).join('\n')}\n`,
    );
    log(`screenshot: ${path.relative(repoRoot, png)}; total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return 0;
  } catch (e) {
    if (page) {
      await page.screenshot({ path: path.join(outDir, 'failure.png') }).catch(() => {});
      const html = await page
        .evaluate(() => document.querySelector('.markers-panel')?.outerHTML ?? '(no .markers-panel)')
        .catch((x) => String(x));
      fs.writeFileSync(path.join(outDir, 'failure-problems-panel.html'), html);
    }
    throw e instanceof E2eError
      ? e
      : new E2eError(`${e.message}\n(see ${path.relative(repoRoot, outDir)}/failure.png and logs)`);
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

runMain(main, 'vsix-check');
