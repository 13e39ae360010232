// Terraform's AWS provider against a real openkms (optional, README "Terraform"): a stack of every KMS resource the
// provider has (symmetric, asymmetric and HMAC keys, an alias, a grant, a key policy, an external key with imported
// material, a multi-Region key and its replica) next to an IAM role with an inline policy is applied, planned again
// (no drift: `plan -detailed-exitcode` must exit 0) and destroyed. The provider reaches openkms through its
// `endpoints` block for kms, iam and sts.
//
// Terraform and the provider are not npm or Debian packages, so the test runs only where they are installed: the
// `terraform` command (or OPENKMS_TERRAFORM naming it) and the hashicorp/aws provider, from the registry or from a
// local mirror named by a CLI configuration file (TF_CLI_CONFIG_FILE). Without them it says what is missing and skips.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, serveForSuite, TEST_ACCOUNT, type TestServer } from '../support/test-server.js';

const run = promisify(execFile);
const terraform = process.env.OPENKMS_TERRAFORM ?? 'terraform';
const HOW_TO_PROVIDE =
  'install terraform and the hashicorp/aws provider (offline: `terraform providers mirror DIR` on a connected machine, ' +
  'then a CLI configuration file with a filesystem_mirror for DIR named by TF_CLI_CONFIG_FILE; see README "Terraform")';

let t: TestServer;
serveForSuite({ jobIntervalMs: 100 }, (server) => {
  t = server;
});

/** The provider settings of one Region: static credentials and every endpoint on openkms. */
function providerBlock(region: string, alias?: string): string {
  return `
provider "aws" {
  ${alias ? `alias  = "${alias}"` : ''}
  region     = "${region}"
  access_key = "${ADMIN_ACCESS_KEY_ID}"
  secret_key = "${ADMIN_SECRET_ACCESS_KEY}"
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {
    kms = "${t.server.url}"
    iam = "${t.server.url}"
    sts = "${t.server.url}"
  }
}`;
}

function stack(suffix: string): string {
  const root = `arn:aws:iam::${TEST_ACCOUNT}:root`;
  return `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
${providerBlock('us-east-1')}
${providerBlock('us-west-2', 'west')}

resource "aws_kms_key" "symmetric" {
  description             = "terraform symmetric ${suffix}"
  deletion_window_in_days = 7
  enable_key_rotation     = true
}

resource "aws_kms_key" "asymmetric" {
  description              = "terraform asymmetric ${suffix}"
  customer_master_key_spec = "RSA_2048"
  key_usage                = "SIGN_VERIFY"
  deletion_window_in_days  = 7
}

resource "aws_kms_key" "hmac" {
  description              = "terraform hmac ${suffix}"
  customer_master_key_spec = "HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
  deletion_window_in_days  = 7
}

resource "aws_kms_key_policy" "hmac" {
  key_id = aws_kms_key.hmac.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "root", Effect = "Allow", Principal = { AWS = "${root}" }, Action = "kms:*", Resource = "*" }]
  })
}

resource "aws_kms_alias" "symmetric" {
  name          = "alias/terraform-${suffix}"
  target_key_id = aws_kms_key.symmetric.key_id
}

resource "aws_iam_role" "app" {
  name = "terraform-app-${suffix}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "${root}" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "app" {
  name = "use-the-key"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["kms:Encrypt", "kms:Decrypt"], Resource = aws_kms_key.symmetric.arn }]
  })
}

resource "aws_kms_grant" "app" {
  name              = "terraform-grant-${suffix}"
  key_id            = aws_kms_key.symmetric.key_id
  grantee_principal = aws_iam_role.app.arn
  operations        = ["Encrypt", "Decrypt", "GenerateDataKey"]
}

resource "aws_kms_external_key" "imported" {
  description             = "terraform external ${suffix}"
  key_material_base64     = "${randomBytes(32).toString('base64')}"
  deletion_window_in_days = 7
}

resource "aws_kms_key" "multi" {
  description             = "terraform multi-Region ${suffix}"
  multi_region            = true
  deletion_window_in_days = 7
}

resource "aws_kms_replica_key" "multi" {
  provider                = aws.west
  description             = "terraform replica ${suffix}"
  primary_key_arn         = aws_kms_key.multi.arn
  deletion_window_in_days = 7
}
`;
}

/** Why Terraform cannot run here, or undefined when `terraform version` answers. */
async function terraformUnavailable(): Promise<string | undefined> {
  try {
    await run(terraform, ['version'], { timeout: 30_000 });
    return undefined;
  } catch (error) {
    return `no \`${terraform}\` command (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
}

/** Terraform's own answer to init when it cannot obtain the provider (registry unreachable, no mirror). */
const PROVIDER_MISSING = /(Failed to (query|install) (available )?provider|could not connect to registry|provider registry|no available releases|Failed to resolve provider)/i;

test('terraform applies the KMS and IAM stack, plans again with no drift and destroys it', { timeout: 900_000 }, async (context) => {
  const missing = await terraformUnavailable();
  if (missing) {
    context.diagnostic(`terraform stack test skipped: ${missing}; Terraform is optional: ${HOW_TO_PROVIDE}`);
    context.skip(`skipped: ${missing}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'openkms-terraform-'));
  const env = { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1', TF_DATA_DIR: join(dir, '.terraform') };
  const tf = (args: string[]) => run(terraform, args, { cwd: dir, env, timeout: 600_000, maxBuffer: 64 << 20 });
  try {
    writeFileSync(join(dir, 'main.tf'), stack(randomBytes(4).toString('hex')));
    try {
      await tf(['init', '-input=false', '-no-color']);
    } catch (error) {
      const output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
      if (!PROVIDER_MISSING.test(output)) throw error;
      context.diagnostic(`terraform stack test skipped: the hashicorp/aws provider is not installed; ${HOW_TO_PROVIDE}`);
      context.skip('skipped: the hashicorp/aws provider is not installed');
      return;
    }
    await tf(['apply', '-auto-approve', '-input=false', '-no-color']);
    // Exit code 0: the state read back from openkms matches the configuration (2 would mean drift).
    const plan = await tf(['plan', '-detailed-exitcode', '-input=false', '-no-color']).then(
      () => 0,
      (error: { code?: number; stdout?: string }) => {
        if (error.code === 2) assert.fail(`terraform plan found drift after apply:\n${error.stdout}`);
        throw error;
      },
    );
    assert.equal(plan, 0);
    const state = await tf(['state', 'list']);
    for (const resource of [
      'aws_kms_key.symmetric', 'aws_kms_key.asymmetric', 'aws_kms_key.hmac', 'aws_kms_key_policy.hmac', 'aws_kms_alias.symmetric',
      'aws_iam_role.app', 'aws_iam_role_policy.app', 'aws_kms_grant.app', 'aws_kms_external_key.imported', 'aws_kms_key.multi',
      'aws_kms_replica_key.multi',
    ]) {
      assert.match(state.stdout, new RegExp(`^${resource.replace('.', '\\.')}$`, 'm'), `${resource} is in the state`);
    }
    await tf(['destroy', '-auto-approve', '-input=false', '-no-color']);
    assert.equal((await tf(['state', 'list'])).stdout.trim(), '', 'destroy leaves nothing in the state');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
