// Child process of the activation benchmark: the time to require() one of the extension's bundles
// (dist/client.js, or dist/cluster-view.js which the client loads after activation) in a fresh node, with the `vscode` module stubbed through a
// Module._resolveFilename hook. This is NOT VS Code's activation (no extension host, activate()
// not called, no language client started); it is the part of activation that is our bundle's load.
//   node out/bench/activation-probe.js BUNDLE.js
import Module from 'module';
import { performance } from 'perf_hooks';

const STUB = '\0kube-ha-bench-vscode-stub';
const M = Module as unknown as {
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _cache: Record<string, unknown>;
};
const original = M._resolveFilename;
M._resolveFilename = function (request: string, parent: unknown, isMain: boolean, options?: unknown): string {
  return request === 'vscode' ? STUB : original.call(this, request, parent, isMain, options);
};
const stub = new Module(STUB);
stub.filename = STUB;
stub.loaded = true;
// Every property of the stub is itself a constructible stub (vscode-languageclient extends some
// vscode classes, e.g. CompletionItem, at load time).
const stubValue = (): unknown =>
  new Proxy(class {}, {
    get: (target, prop) =>
      prop in target ? (target as unknown as Record<string | symbol, unknown>)[prop] : stubValue(),
  });
// esbuild's ESM interop copies the module's own property names, so the members the bundle
// reads (vscode.X / import_vscode.X) must exist as own properties.
const clientJs = process.argv[2];
const exportsStub: Record<string, unknown> = {};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundleText: string = require('fs').readFileSync(clientJs, 'utf8');
for (const m of bundleText.matchAll(/\b(?:import_)?vscode\d*\.([A-Za-z_$][\w$]*)/g)) exportsStub[m[1]] = stubValue();
stub.exports = new Proxy(exportsStub, {
  get: (t, p) => (typeof p === 'string' && !(p in t) ? (t[p] = stubValue()) : t[p as string]),
});
M._cache[STUB] = stub;

const t0 = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ext = require(clientJs) as Record<string, unknown>;
const t1 = performance.now();
// Each bundle must export its entry point, so a probe of the wrong file cannot pass unnoticed.
const entry = clientJs.endsWith('cluster-view.js') ? 'registerClusterView' : 'activate';
if (typeof ext[entry] !== 'function') throw new Error(`${clientJs} exports no ${entry}()`);
process.stdout.write(JSON.stringify({ requireMs: t1 - t0 }) + '\n');
