// Runs the `aws` CLI smoke script (test/smoke/aws-cli-smoke.sh) against a freshly built server.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

test('the aws CLI creates, describes, aliases and schedules deletion of a key against openkms', () => {
  assert.ok(existsSync('dist/cli/main.js'), 'the server must be built first: npm run build');
  const run = spawnSync('bash', ['test/smoke/aws-cli-smoke.sh'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, `smoke script failed:\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /aws-cli-smoke: all checks passed/);
});
