// The XKS proxy of the encrypt-xks scenario, as its own process: openkms's own XKS proxy (src/xks/proxy/) over TLS
// with a scratch CA made by openssl, on the sealed local key file, with one key, `bench-xks-key`. It runs in a process
// of its own so that the KMS server and the proxy are measured as they would be deployed (one core each, at best).
// Prints one JSON line with what openkms and the key store need, and stops on SIGTERM.

import { ScratchCa } from '../test/support/openssl-ca.js';
import { CREDENTIAL, startProxyFixture, URI_PATH } from '../test/support/xks-proxy-fixture.js';
import { createLocalKey } from '../src/xks/proxy/local-key-admin.js';
import { openSealer } from '../src/xks/proxy/local-key-file.js';

export const BENCH_XKS_KEY_ID = 'bench-xks-key';
const HOST = 'xks.openkms.test';

const ca = new ScratchCa('openkms bench CA');
const server = ca.issue(HOST, [`DNS:${HOST}`], 'serverAuth');
const fixture = await startProxyFixture({ tls: { cert: server.cert, key: server.key } });
const sealer = openSealer(fixture.dataDir, {}, false);
createLocalKey(fixture.dataDir, sealer, BENCH_XKS_KEY_ID, ['ENCRYPT', 'DECRYPT']);
sealer.destroy();
await fixture.backend.reload();
// The bench measures throughput: keep the proxy from holding every log line it writes.
fixture.logs.push = () => 0;
process.stdout.write(
  `${JSON.stringify({
    port: fixture.proxy.port,
    caFile: ca.certPath,
    resolveEntry: `${HOST}=127.0.0.1:${fixture.proxy.port}`,
    uriEndpoint: `https://${HOST}`,
    uriPath: URI_PATH,
    accessKeyId: CREDENTIAL.accessKeyId,
    secretAccessKey: CREDENTIAL.secretAccessKey,
  })}\n`,
);
process.once('SIGTERM', () =>
  void fixture
    .close()
    .finally(() => ca.dispose())
    .finally(() => process.exit(0)),
);
