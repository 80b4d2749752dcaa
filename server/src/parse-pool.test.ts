// The parse pool: workers give what parsing here gives; a worker that dies fails only its own
// requests (the caller parses those itself) and is replaced; no workers → null; an idle pool does
// not keep the process alive.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { createParsePool, eachLimited, type ParseResult } from './parse-pool';
import { parseFileData } from './engine/parse';
import { repoRoot } from './engine/testing';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-pool-'));
}

test('workers read and parse files into what parseFileData gives here', async () => {
  const examples = path.join(repoRoot(), 'examples');
  const files = fs
    .readdirSync(examples)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(examples, f));
  assert.ok(files.length >= 4);
  const pool = createParsePool({ size: 2 });
  assert.ok(pool, 'workers start');
  try {
    const results = await Promise.all(files.map((f) => pool.parse(f, 10 * 1024 * 1024)));
    results.forEach((r, i) => {
      const text = fs.readFileSync(files[i], 'utf8');
      assert.ok('data' in r, `${files[i]}: ${JSON.stringify(r).slice(0, 200)}`);
      assert.equal(r.text, text);
      assert.equal(r.invalidAt, null);
      assert.deepEqual(r.data, parseFileData(text), files[i]);
      assert.ok(
        r.data.chunks.some((c) => c.docs.some((d) => d.positions && d.positions.slots.length > 0)),
        'position tables arrive',
      );
    });
    const dir = tmp();
    const big = path.join(dir, 'big.yaml');
    fs.writeFileSync(big, 'a: 1\n'.repeat(100));
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, Buffer.from([0x6b, 0x3a, 0x20, 0xff, 0x0a]));
    const over = await pool.parse(big, 100);
    assert.deepEqual(over, { id: over.id, overLimit: 500 }, 'over the limit: not read, its size is said');
    const invalid = await pool.parse(bad, 1000);
    assert.ok('data' in invalid && invalid.invalidAt === 3, 'invalid UTF-8 is found where it is');
    const gone = await pool.parse(path.join(dir, 'missing.yaml'), 1000);
    assert.deepEqual(gone, { id: gone.id, error: 'ENOENT' });
    fs.rmSync(dir, { recursive: true, force: true });
  } finally {
    await pool.close();
  }
});

test('a request asked first goes ahead of those waiting for a worker', async () => {
  const file = path.join(repoRoot(), 'examples', 'web.yaml');
  const pool = createParsePool({ size: 1 })!;
  try {
    const order: string[] = [];
    const waiting = Array.from({ length: 40 }, (_, i) =>
      pool.parse(file, 1e7).then(() => {
        order.push(`q${i}`);
      }),
    );
    const ahead = pool.parse(file, 1e7, { first: true }).then(() => {
      order.push('first');
    });
    await Promise.all([...waiting, ahead]);
    // The first two batches (16 each) were sent before it was asked; it leads the next one.
    assert.equal(order.indexOf('first'), 32, order.join(' '));
  } finally {
    await pool.close();
  }
});

test('a worker that dies fails its own requests only, and another takes its place', async () => {
  const dir = tmp();
  // Answers one request, then dies on the next.
  const worker = path.join(dir, 'worker.js');
  fs.writeFileSync(
    worker,
    `let n = 0; require('worker_threads').parentPort.on('message', (batch) => {
    if (n++ === 1) process.exit(3);
    require('worker_threads').parentPort.postMessage(batch.map((r) => ({ id: r.id, overLimit: 1 })));
  });`,
  );
  const pool = createParsePool({ size: 1, workerFile: worker })!;
  try {
    const answer = (r: ParseResult) => ('overLimit' in r ? 'ok' : 'other');
    assert.equal(answer(await pool.parse('a', 1)), 'ok');
    await assert.rejects(pool.parse('b', 1), /exited with code 3/);
    assert.equal(answer(await pool.parse('c', 1)), 'ok', 'a new worker answers');
  } finally {
    await pool.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('without a worker file there is no pool; a worker that cannot start fails its requests', async () => {
  assert.equal(createParsePool({ size: 2, workerFile: path.join(os.tmpdir(), 'no-such-worker.js') }), null);
  const dir = tmp();
  const broken = path.join(dir, 'broken.js');
  fs.writeFileSync(broken, 'throw new Error("cannot start");');
  const pool = createParsePool({ size: 1, workerFile: broken })!;
  await assert.rejects(pool.parse('x', 1), /cannot start/);
  // A worker that never answered is not started again (and again): later requests fail at once.
  await assert.rejects(pool.parse('y', 1), /no parse worker/);
  await pool.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a pool that has answered everything does not keep the process alive', () => {
  const poolModule = path.join(__dirname, 'parse-pool.js');
  const file = path.join(repoRoot(), 'examples', 'web.yaml');
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `require(${JSON.stringify(poolModule)}).createParsePool({ size: 2 }).parse(${JSON.stringify(file)}, 1e7).then((x) => console.log('data' in x ? 'parsed' : 'failed'))`,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  assert.equal(r.signal, null, 'exited on its own, not killed by the timeout');
  assert.equal(r.stdout.trim(), 'parsed', r.stderr);
});

test('eachLimited runs at most `limit` tasks at once, all of them, and throws the first failure after the rest settle', async () => {
  let running = 0,
    peak = 0;
  const done: number[] = [];
  const tick = () => new Promise<void>((r) => setImmediate(r));
  await eachLimited(
    Array.from({ length: 50 }, (_, i) => i),
    4,
    async (i) => {
      running++;
      peak = Math.max(peak, running);
      for (let k = 0; k < i % 3; k++) await tick();
      running--;
      done.push(i);
    },
  );
  assert.equal(peak, 4);
  assert.deepEqual(
    [...done].sort((a, b) => a - b),
    Array.from({ length: 50 }, (_, i) => i),
  );
  let settled = 0;
  await assert.rejects(
    eachLimited([1, 2, 3, 4, 5, 6, 7, 8], 3, async (i) => {
      await tick();
      if (i === 2) throw new Error('boom 2');
      await tick();
      settled++;
    }),
    /boom 2/,
  );
  assert.ok(
    settled >= 2 && settled < 7,
    `the running tasks settled (${settled}) and no new ones started after the failure`,
  );
});
