// The container image (optional, README "Docker"): the Dockerfile's promises are checked on every run (multi-stage,
// non-root, a data volume, a health check, configuration from the environment); where a Docker daemon and the base
// image are at hand the image is built and run and must answer a signed request as a non-root user. Without them
// that part says plainly that it skipped and why.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { freePort } from '../support/openkms-process.js';

const run = promisify(execFile);
const dockerfile = readFileSync('Dockerfile', 'utf8');
const baseImage = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];

test('the Dockerfile: two stages, a non-root user, the /data volume, a health check, settings from the environment', () => {
  assert.ok(baseImage, 'ARG NODE_IMAGE names the base image');
  assert.equal((dockerfile.match(/^FROM /gm) ?? []).length, 2);
  assert.match(dockerfile, /^USER node$/m);
  assert.match(dockerfile, /^VOLUME \["\/data"\]$/m);
  assert.match(dockerfile, /^HEALTHCHECK .*\n.*\/health/m);
  assert.match(dockerfile, /OPENKMS_DATA_DIR=\/data/);
  assert.match(dockerfile, /OPENKMS_HOST=0\.0\.0\.0/);
  assert.match(dockerfile, /^CMD \["serve"\]$/m);
  // The run stage takes only the installed package from the build stage: no sources, no toolchain.
  const runStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  assert.doesNotMatch(runStage, /apt-get|COPY \. /);
});

/** Why the image cannot be built here, or undefined when it can. */
async function dockerUnavailable(): Promise<string | undefined> {
  try {
    await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 20_000 });
  } catch (error) {
    return `no Docker daemon (docker info: ${String((error as { stderr?: string }).stderr ?? error).trim().split('\n').pop()})`;
  }
  try {
    await run('docker', ['image', 'inspect', baseImage!], { timeout: 20_000 });
  } catch {
    return `the base image ${baseImage} is not present (docker pull ${baseImage} where a registry is reachable)`;
  }
  return undefined;
}

test('the image builds, runs as a non-root user, becomes healthy and answers a signed request', { timeout: 900_000 }, async (t) => {
  const missing = await dockerUnavailable();
  if (missing) {
    t.diagnostic(`docker image test skipped: ${missing}; the image is optional (README)`);
    t.skip(`skipped: ${missing}`);
    return;
  }
  const tag = `openkms-test:${process.pid}`;
  const name = `openkms-test-${process.pid}`;
  await run('docker', ['build', '--pull=false', '-t', tag, '.'], { timeout: 840_000, maxBuffer: 64 << 20 });
  const port = await freePort();
  const credentials = { accessKeyId: 'AKIAOPENKMSDOCKER001', secretAccessKey: 'openkms-docker-test-secret' };
  try {
    await run('docker', [
      'run', '-d', '--name', name, '-p', `127.0.0.1:${port}:4599`,
      '-e', `OPENKMS_ACCESS_KEY_ID=${credentials.accessKeyId}`, '-e', `OPENKMS_SECRET_ACCESS_KEY=${credentials.secretAccessKey}`, tag,
    ]);
    let health = '';
    for (const begun = Date.now(); health !== 'healthy'; await new Promise((r) => setTimeout(r, 1_000))) {
      assert.ok(Date.now() - begun < 90_000, `the container did not become healthy: ${health}`);
      health = (await run('docker', ['inspect', '--format', '{{.State.Health.Status}}', name])).stdout.trim();
    }
    assert.notEqual((await run('docker', ['exec', name, 'id', '-u'])).stdout.trim(), '0');
    const kms = new KMSClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials, maxAttempts: 1 });
    assert.ok((await kms.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId);
    kms.destroy();
    await run('docker', ['stop', '-t', '15', name]);
    assert.equal((await run('docker', ['inspect', '--format', '{{.State.ExitCode}}', name])).stdout.trim(), '0');
  } finally {
    await run('docker', ['rm', '-f', name]).catch(() => undefined);
    await run('docker', ['rmi', '-f', tag]).catch(() => undefined);
  }
});
