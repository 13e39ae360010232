// Unit tests of --xks-ca-bundle / --xks-resolve and their variables: flags over the environment, entries checked.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseResolveEntry, xksClientOptions, xksSettings } from './xks-settings.js';

describe('XKS settings', () => {
  test('resolve entries: HOST=ADDRESS:PORT with an IP address and a port', () => {
    assert.deepEqual(parseResolveEntry('XKS.example.com=127.0.0.1:4443'), { host: 'xks.example.com', address: '127.0.0.1', port: 4443 });
    assert.deepEqual(parseResolveEntry('xks.example.com=[::1]:443'), { host: 'xks.example.com', address: '::1', port: 443 });
    for (const bad of ['xks.example.com', 'xks.example.com=localhost:443', 'xks.example.com=127.0.0.1', 'xks.example.com=127.0.0.1:0', '=127.0.0.1:443', 'a/b=127.0.0.1:1']) {
      assert.throws(() => parseResolveEntry(bad), /--xks-resolve takes HOST=ADDRESS:PORT/, bad);
    }
  });

  test('flags over the environment; nothing set → no settings', () => {
    assert.equal(xksSettings({}, {}), undefined);
    const env = { OPENKMS_XKS_CA_BUNDLE: '/env/ca.pem', OPENKMS_XKS_RESOLVE: 'a.test=127.0.0.1:1, b.test=127.0.0.2:2' };
    assert.deepEqual(xksSettings({}, env), {
      caBundleFile: '/env/ca.pem',
      resolve: [
        { host: 'a.test', address: '127.0.0.1', port: 1 },
        { host: 'b.test', address: '127.0.0.2', port: 2 },
      ],
    });
    assert.deepEqual(xksSettings({ xksCaBundle: '/flag/ca.pem', xksResolve: ['c.test=10.0.0.1:3'] }, env), {
      caBundleFile: '/flag/ca.pem',
      resolve: [{ host: 'c.test', address: '10.0.0.1', port: 3 }],
    });
    assert.throws(() => xksSettings({}, { OPENKMS_XKS_RESOLVE: 'broken' }), /HOST=ADDRESS:PORT/);
  });

  test('the CA bundle is read at start: a missing file or one without a certificate stops the start, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openkms-xks-settings-'));
    try {
      assert.throws(() => xksClientOptions({ caBundleFile: join(dir, 'none.pem'), resolve: [] }), /--xks-ca-bundle .*none\.pem: cannot read it \(ENOENT\)/);
      writeFileSync(join(dir, 'empty.pem'), 'not a certificate');
      assert.throws(() => xksClientOptions({ caBundleFile: join(dir, 'empty.pem'), resolve: [] }), /no PEM certificate/);
      writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      assert.match(xksClientOptions({ caBundleFile: join(dir, 'ca.pem'), resolve: [] }, 500).caBundle!, /BEGIN CERTIFICATE/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
