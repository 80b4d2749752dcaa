// Makes a throw-away CA and a server certificate signed by it, with the openssl CLI, so the test
// API server speaks real TLS and the client verifies it the same way it verifies a real cluster.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCerts {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir });
}

/** A CA plus a server certificate for 127.0.0.1/localhost. EC keys: fast to make. */
export async function makeCerts(commonName = 'kube-ha-simulated-ca'): Promise<TestCerts> {
  const dir = await mkdtemp(join(tmpdir(), 'kube-ha-certs-'));
  try {
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    await openssl(dir, [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '30',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    await openssl(dir, ['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=kube-apiserver']);
    await writeFile(
      join(dir, 'ext.cnf'),
      [
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        '',
      ].join('\n'),
    );
    await openssl(dir, [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '30',
      '-extfile',
      'ext.cnf',
    ]);
    const read = (f: string) => readFile(join(dir, f), 'utf8');
    return {
      caCert: await read('ca.crt'),
      caKey: await read('ca.key'),
      serverCert: await read('server.crt'),
      serverKey: await read('server.key'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
