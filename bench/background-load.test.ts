// The background load keeps its requests in flight, counts each kind of answer, and stops cleanly.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startBackgroundLoad } from './background-load.js';

const credentials = { accessKeyId: 'AKIABENCHTEST0000001', secretAccessKey: 'bench/test+secret/EXAMPLEKEY0123456789' };

describe('startBackgroundLoad', () => {
  test('keeps `concurrency` signed requests in flight and counts successes, throttles and other errors', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    let served = 0;
    const targets = new Set<string>();
    const server = createServer((request, response) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      targets.add(String(request.headers['x-amz-target']));
      assert.match(String(request.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIABENCHTEST0000001\//);
      const answer = served++ % 3;
      setTimeout(() => {
        inFlight--;
        if (answer === 0) response.writeHead(200).end('{}');
        else if (answer === 1) response.writeHead(400).end('{"__type":"ThrottlingException","message":"Rate exceeded"}');
        else response.writeHead(500).end('{"__type":"KMSInternalException"}');
      }, 5);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const load = startBackgroundLoad({ host: '127.0.0.1', port, url: `http://127.0.0.1:${port}` }, { operation: 'GetParametersForImport', input: { KeyId: 'k' }, concurrency: 4 }, credentials);
      while (served < 30) await new Promise((resolve) => setTimeout(resolve, 20));
      await load.stop();
      const counts = load.counts();
      assert.equal(counts.succeeded + counts.throttled + counts.failed, served);
      assert.ok(counts.succeeded > 0 && counts.throttled > 0 && counts.failed > 0, JSON.stringify(counts));
      assert.ok(mostInFlight <= 4, `at most 4 in flight, saw ${mostInFlight}`);
      assert.deepEqual([...targets], ['TrentService.GetParametersForImport']);
      const after = served;
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal(served, after, 'nothing is sent after stop');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
