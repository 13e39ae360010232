// A SoftHSM2 token in a scratch directory (its own softhsm2.conf through SOFTHSM2_CONF, never the system's), made with
// softhsm2-util, for the proxy's PKCS#11 tests. SoftHSM2 is the Debian package softhsm2 (.ci/run installs it).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MODULE_PATHS = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so', '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so'];

export interface SoftHsmToken {
  modulePath: string;
  label: string;
  pin: string;
  /** The SOFTHSM2_CONF value: set in the environment before the module is initialized. */
  conf: string;
  dispose(): void;
}

export function softHsmModule(): string {
  const path = MODULE_PATHS.find((each) => existsSync(each));
  if (path === undefined) throw new Error('SoftHSM2 is required for this test: apt-get install softhsm2 (the module libsofthsm2.so was not found)');
  return path;
}

/** A fresh token; also sets SOFTHSM2_CONF in this process, so the module loaded here finds it. */
export function createSoftHsmToken(label = 'xks-proxy', pin = '1234'): SoftHsmToken {
  const modulePath = softHsmModule();
  const dir = mkdtempSync(join(tmpdir(), 'openkms-softhsm-'));
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const result = spawnSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', '5678', '--pin', pin], {
    env: { ...process.env, SOFTHSM2_CONF: conf },
    encoding: 'utf8',
  });
  if (result.error) throw new Error(`softhsm2-util is required for this test (apt-get install softhsm2): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`softhsm2-util --init-token failed: ${result.stderr}`);
  process.env.SOFTHSM2_CONF = conf;
  return { modulePath, label, pin, conf, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
