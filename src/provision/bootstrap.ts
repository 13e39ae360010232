// First start: the account (111122223333 unless configured), its admin user and an access key for it. The key comes
// from OPENKMS_ACCESS_KEY_ID / OPENKMS_SECRET_ACCESS_KEY when set; otherwise one is generated, printed once and saved
// in the data directory (mode 0600) as an AWS shared credentials file.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { newAccessKeyId, newPrincipalId, newSecretAccessKey } from '../auth/access-key-generator.js';
import type { Store } from '../storage/repository.js';

export const CREDENTIALS_FILE = 'credentials';
export const ADMIN_USER = 'admin';

export interface BootstrapResult {
  accountId: string;
  adminArn: string;
  /** Set only when this start created or replaced the admin access key. */
  createdAccessKey?: { accessKeyId: string; secretAccessKey: string };
  credentialsFile?: string;
}

export interface BootstrapOptions {
  accountId: string;
  dataDir?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  now: Date;
}

export async function bootstrap(store: Store, options: BootstrapOptions): Promise<BootstrapResult> {
  const { accountId } = options;
  const adminArn = `arn:aws:iam::${accountId}:user/${ADMIN_USER}`;
  const result: BootstrapResult = { accountId, adminArn };
  const bootstrapped = (await store.getSetting('bootstrap.accessKeyId')) !== undefined;
  const fromEnvironment = options.accessKeyId !== undefined && options.secretAccessKey !== undefined;
  if (bootstrapped && !fromEnvironment && (await store.accountExists(accountId))) return result;

  const accessKeyId = fromEnvironment ? options.accessKeyId! : newAccessKeyId();
  const secretAccessKey = fromEnvironment ? options.secretAccessKey! : newSecretAccessKey();
  await store.write(async (tx) => {
    await tx.putAccount(accountId);
    if (!(await tx.getPrincipal(adminArn))) {
      await tx.putPrincipal({ accountId, arn: adminArn, kind: 'user', name: ADMIN_USER, principalId: newPrincipalId('AIDA'), path: '/', createdAt: options.now });
    }
    await tx.putAccessKey({ accessKeyId, secretAccessKey, principalArn: adminArn, createdAt: options.now });
    await tx.putSetting('bootstrap.accessKeyId', accessKeyId);
  });
  if (!fromEnvironment) {
    result.createdAccessKey = { accessKeyId, secretAccessKey };
    if (options.dataDir) {
      // Absolute, so that the path printed at start works from any directory (AWS_SHARED_CREDENTIALS_FILE).
      result.credentialsFile = resolve(options.dataDir, CREDENTIALS_FILE);
      writeFileSync(
        result.credentialsFile,
        `[openkms]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`,
        { mode: 0o600 },
      );
    }
  }
  return result;
}
