// The XKS proxy of the encrypt-xks scenario, as its own process: the test suite's XKS proxy (test/support/
// xks-test-proxy.ts: HTTPS, SigV4 check, AES-256-GCM, CDIV) with one key, `bench-xks-key`. Prints one JSON line with
// what openkms and the key store need, and stops on SIGTERM. Until `openkms xks-proxy` is on main, it stands in for it.

import { TestXksProxy } from '../test/support/xks-test-proxy.js';

export const BENCH_XKS_KEY_ID = 'bench-xks-key';

const proxy = await TestXksProxy.start();
proxy.addKey(BENCH_XKS_KEY_ID);
// The bench measures throughput: keep the proxy from recording every request it serves.
proxy.seen.push = () => 0;
process.stdout.write(
  `${JSON.stringify({
    port: proxy.port,
    caFile: proxy.caFile,
    resolveEntry: proxy.resolveEntry,
    uriEndpoint: proxy.uriEndpoint,
    uriPath: proxy.uriPath,
    accessKeyId: proxy.accessKeyId,
    secretAccessKey: proxy.secretAccessKey,
  })}\n`,
);
process.once('SIGTERM', () => void proxy.stop().finally(() => process.exit(0)));
