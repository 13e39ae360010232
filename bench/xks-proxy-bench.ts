// The XKS proxy on its own under load: `openkms xks-proxy serve` compiled from dist/, over the sealed local key file
// or a SoftHSM2 token made in the bench's work directory, replaying one XKS Encrypt (with the CDIV, as AWS KMS asks)
// or Decrypt signed as AWS KMS signs (service kms-xks-proxy, SignedHeaders host;x-amz-date).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import { freePort, startChild, type Child } from './child-processes.js';
import { openkmsMain, type RunningServer } from './servers.js';
import type { FixedRequest } from './signed-request.js';

export const XKS_BENCH_PREFIX = '/bench';
const KEY_ID = 'bench-key';
const SOFTHSM_MODULES = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'];

export interface XksCredential {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Why the SoftHSM2 scenarios cannot run here; undefined when they can. */
export function softHsmMissing(): string | undefined {
  if (spawnSync('softhsm2-util', ['--version']).error !== undefined || !SOFTHSM_MODULES.some((path) => existsSync(path))) {
    return 'SoftHSM2 is not installed (apt-get install softhsm2)';
  }
  return undefined;
}

function newCredential(): XksCredential {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let accessKeyId = '';
  for (const byte of randomBytes(24)) accessKeyId += alphabet[byte % 32];
  return { accessKeyId, secretAccessKey: randomBytes(32).toString('base64') };
}

export async function startXksProxyServer(backend: 'file' | 'softhsm', workDir: string): Promise<RunningServer & { xksCredential: XksCredential }> {
  if (!existsSync(openkmsMain())) throw new Error(`${openkmsMain()} is missing: run \`npm run build\` first`);
  const dir = join(workDir, `xks-proxy-${backend}-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  const credential = newCredential();
  const env: NodeJS.ProcessEnv = { ...process.env, XKS_PROXY_ACCESS_KEY_ID: credential.accessKeyId, XKS_PROXY_SECRET_ACCESS_KEY: credential.secretAccessKey };
  const backendArgs: string[] = [];
  if (backend === 'softhsm') {
    mkdirSync(join(dir, 'tokens'));
    env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf');
    env.BENCH_HSM_PIN = '1234';
    writeFileSync(env.SOFTHSM2_CONF, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    const init = spawnSync('softhsm2-util', ['--init-token', '--free', '--label', 'bench', '--so-pin', '5678', '--pin', '1234'], { env, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`softhsm2-util --init-token failed: ${init.stderr}`);
    backendArgs.push('--pkcs11-module', SOFTHSM_MODULES.find((path) => existsSync(path))!, '--pkcs11-token', 'bench', '--pkcs11-pin-env', 'BENCH_HSM_PIN');
  }
  const created = spawnSync(process.execPath, [openkmsMain(), 'xks-proxy', 'keys', 'create', '--data-dir', dir, '--key-id', KEY_ID, ...backendArgs], { env, encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`openkms xks-proxy keys create failed: ${created.stderr}`);
  const port = await freePort();
  const args = [openkmsMain(), 'xks-proxy', 'serve', '--insecure-http', '--port', String(port), '--data-dir', dir, '--uri-prefix', XKS_BENCH_PREFIX, ...backendArgs];
  const child = startChild(`openkms xks-proxy (${backend === 'file' ? 'sealed key file' : 'SoftHSM2'})`, process.execPath, args, env);
  const url = `http://127.0.0.1:${port}`;
  await waitForPing(url, child);
  return { child, host: '127.0.0.1', port, url, xksCredential: credential };
}

async function waitForPing(url: string, child: Child, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${child.name} exited before answering /ping:\n${child.output()}`);
    try {
      const response = await fetch(`${url}/ping`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await child.stop();
  throw new Error(`${child.name} did not answer /ping within ${timeoutMs} ms:\n${child.output()}`);
}

const requestMetadata = (operation: string) => ({
  awsPrincipalArn: 'arn:aws:iam::111122223333:user/bench',
  kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000',
  kmsOperation: operation,
  kmsRequestId: '00000000-0000-4000-8000-000000000000',
});

/** What AWS KMS sends a proxy for an Encrypt of `payload`: its own inner ciphertext as `plaintext`, an AAD, SHA_256. */
function encryptBody(payload: Buffer): object {
  return {
    requestMetadata: requestMetadata('Encrypt'),
    plaintext: payload.toString('base64'),
    encryptionAlgorithm: 'AES_GCM',
    additionalAuthenticatedData: randomBytes(70).toString('base64'),
    ciphertextDataIntegrityValueAlgorithm: 'SHA_256',
  };
}

export async function signXks(server: RunningServer & { xksCredential?: XksCredential }, verb: 'encrypt' | 'decrypt', payload: Buffer): Promise<FixedRequest | string> {
  const credential = server.xksCredential;
  if (credential === undefined) return 'not an XKS proxy';
  const path = `${XKS_BENCH_PREFIX}/kms/xks/v1/keys/${KEY_ID}/${verb}`;
  const encrypt = encryptBody(payload);
  let body = JSON.stringify(encrypt);
  if (verb === 'decrypt') {
    const encrypted = await send(server, await sign(server.host, server.port, `${XKS_BENCH_PREFIX}/kms/xks/v1/keys/${KEY_ID}/encrypt`, body, credential));
    if (typeof encrypted === 'string') return `the encrypt for the decrypt scenario ${encrypted}`;
    const { ciphertextDataIntegrityValue: _cdiv, ...fields } = encrypted as Record<string, string>;
    body = JSON.stringify({
      requestMetadata: requestMetadata('Decrypt'),
      encryptionAlgorithm: 'AES_GCM',
      additionalAuthenticatedData: (encrypt as { additionalAuthenticatedData: string }).additionalAuthenticatedData,
      ...fields,
    });
  }
  return sign(server.host, server.port, path, body, credential);
}

async function sign(host: string, port: number, path: string, body: string, credential: XksCredential): Promise<FixedRequest> {
  const signer = new SignatureV4({ credentials: credential, region: 'us-east-1', service: 'kms-xks-proxy', sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
  const signedAt = new Date();
  const signed = await signer.sign(new HttpRequest({ method: 'POST', protocol: 'http:', hostname: host, port, path, headers: { host: `${host}:${port}` }, body }), { signingDate: signedAt });
  return { method: 'POST', path, headers: { ...(signed.headers as Record<string, string>), 'content-type': 'application/json' }, body, signedAt };
}

async function send(server: RunningServer, request: FixedRequest): Promise<object | string> {
  const response = await fetch(`${server.url}${request.path}`, { method: 'POST', headers: request.headers, body: request.body });
  const text = await response.text();
  return response.status === 200 ? (JSON.parse(text) as object) : `answered HTTP ${response.status} ${text.slice(0, 200)}`;
}
