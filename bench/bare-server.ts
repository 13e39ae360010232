// The ceiling: a bare node:http server that answers every request with one fixed body, no parsing, no crypto.
// Run as its own process: `node --import tsx bench/bare-server.ts PORT`.

import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

const BODY = Buffer.from('{"KeyId":"bare","CiphertextBlob":"AAAA","EncryptionAlgorithm":"SYMMETRIC_DEFAULT"}');
const HEADERS = { 'content-type': 'application/x-amz-json-1.1', 'content-length': BODY.length };

export function startBareServer(port: number, host = '127.0.0.1'): Promise<void> {
  // The unread request body is drained by node when the response ends, as any minimal server would let it.
  const server = createServer({ keepAliveTimeout: 65_000 }, (_req, res) => {
    res.writeHead(200, HEADERS);
    res.end(BODY);
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve()));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.argv[2] ?? 0);
  await startBareServer(port);
  process.stdout.write(`bare server listening on ${port}\n`);
  // Exiting through process.exit lets `node --cpu-prof` write its profile.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
}
