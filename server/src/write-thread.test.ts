// The writes of --fix in a worker thread (write-thread.ts): the same bytes and mode as a write on
// this thread, failures reported with their code, and a worker that dies or is missing loses no write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createWriter } from './write-thread';
import { TEMP_SUFFIX } from './atomic-write';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kube-ha-writer-'));
const noTemps = (dir: string) =>
  assert.deepEqual(
    fs.readdirSync(dir).filter((n) => n.endsWith(TEMP_SUFFIX)),
    [],
  );

async function writeMany(thread: boolean, workerFile?: string) {
  const dir = tmp();
  const names = Array.from({ length: 40 }, (_, i) => path.join(dir, `f${i}.yaml`));
  for (const n of names) fs.writeFileSync(n, 'old\n', { mode: 0o640 });
  fs.chmodSync(names[0], 0o604);
  const writer = createWriter({ thread, workerFile });
  try {
    await Promise.all(names.map((n, i) => writer.write(n, Buffer.from(`new ${i}\n`))));
  } finally {
    await writer.close();
  }
  names.forEach((n, i) => assert.equal(fs.readFileSync(n, 'utf8'), `new ${i}\n`));
  assert.equal(fs.statSync(names[0]).mode & 0o777, 0o604, 'the mode is kept');
  assert.equal(fs.statSync(names[1]).mode & 0o777, 0o640);
  noTemps(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

test('writes in the worker thread: every file has its new bytes and its mode, no temp file left', async () => {
  assert.ok(fs.existsSync(path.join(__dirname, 'write-worker.js')), 'the compiled worker is next to this file');
  await writeMany(true);
});

test('without a worker file, or not asked for a thread, the writes are made on this thread', async () => {
  await writeMany(true, path.join(os.tmpdir(), 'no-such-write-worker.js'));
  await writeMany(false);
});

test('a worker that dies: the writes it had are made on this thread', async () => {
  const dir = tmp();
  const worker = path.join(dir, 'dies.js');
  fs.writeFileSync(worker, `require('worker_threads').parentPort.on('message', () => process.exit(3));`);
  await writeMany(true, worker);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a write that fails in the worker rejects with its code; the file is unchanged', async () => {
  const dir = tmp();
  const file = path.join(dir, 'f.yaml');
  fs.writeFileSync(file, 'old\n');
  const writer = createWriter({ thread: true });
  try {
    await assert.rejects(writer.write(path.join(dir, 'missing', 'f.yaml'), Buffer.from('x')), { code: 'ENOENT' });
    // A name that is not valid UTF-8 travels as bytes.
    const odd = Buffer.concat([Buffer.from(dir + '/'), Buffer.from([0x66, 0xff, 0x2e, 0x79])]);
    fs.writeFileSync(odd, 'old\n');
    await writer.write(odd, Buffer.from('new\n'));
    assert.equal(fs.readFileSync(odd, 'utf8'), 'new\n');
  } finally {
    await writer.close();
  }
  assert.equal(fs.readFileSync(file, 'utf8'), 'old\n');
  noTemps(dir);
  fs.rmSync(dir, { recursive: true, force: true });
});
