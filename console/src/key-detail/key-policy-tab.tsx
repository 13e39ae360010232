// "Key policy": the default view (key administrators and key users named in the console's statements, with Add and
// Remove) or the policy view, where the JSON is edited, checked as JSON before it is sent, and saved with PutKeyPolicy.

import { useState } from 'react';
import { GetKeyPolicyCommand, PutKeyPolicyCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import { useLoader } from '../common/use-loader';
import { consolePolicyPrincipals, withConsolePrincipals } from '../create-key/console-key-policy';
import { policyTextError } from '../create-key/wizard-state';
import { useSession } from '../session/session-context';
import { useFlash } from '../shell/flash-messages';
import { PolicyPrincipals } from './policy-principals';

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 4);
  } catch {
    return text;
  }
}

export function KeyPolicyTab({ metadata }: { metadata: KeyMetadata }) {
  const { kms } = useSession().clients;
  const flash = useFlash();
  const [view, setView] = useState<'default' | 'policy'>('default');
  const [draft, setDraft] = useState<string | undefined>();
  const [showError, setShowError] = useState(false);
  const [busy, setBusy] = useState(false);
  const policy = useLoader(async () => (await kms.send(new GetKeyPolicyCommand({ KeyId: metadata.KeyId!, PolicyName: 'default' }))).Policy ?? '', [kms, metadata.KeyId]);
  const text = policy.value ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const principals = consolePolicyPrincipals(parsed);
  const draftError = draft === undefined ? undefined : policyTextError(draft);

  /** PutKeyPolicy with `text`; whether it was saved (a refusal is in the flash bar). */
  const put = async (text: string): Promise<boolean> => {
    setBusy(true);
    try {
      await kms.send(new PutKeyPolicyCommand({ KeyId: metadata.KeyId!, PolicyName: 'default', Policy: text }));
      flash.success('The key policy was updated.');
      policy.reload();
      return true;
    } catch (error) {
      flash.error(error);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    if (draft === undefined) return;
    setShowError(true);
    if (draftError) return;
    if (await put(draft)) {
      setDraft(undefined);
      setShowError(false);
    }
  };
  const key = { keySpec: metadata.KeySpec ?? 'SYMMETRIC_DEFAULT', keyUsage: metadata.KeyUsage ?? 'ENCRYPT_DECRYPT', origin: metadata.Origin ?? 'AWS_KMS' };
  const savePrincipals = (role: 'administrators' | 'users') => (arns: string[]) => put(JSON.stringify(withConsolePrincipals(parsed, role, arns, key), null, 4));

  const actions =
    draft !== undefined ? (
      <SpaceBetween direction="horizontal" size="xs">
        <Button onClick={() => setDraft(undefined)}>Cancel</Button>
        <Button variant="primary" loading={busy} onClick={() => void save()}>
          Save changes
        </Button>
      </SpaceBetween>
    ) : (
      <SpaceBetween direction="horizontal" size="xs">
        <Button onClick={() => setView(view === 'default' ? 'policy' : 'default')}>{view === 'default' ? 'Switch to policy view' : 'Switch to default view'}</Button>
        {view === 'policy' ? (
          <Button variant="primary" disabled={policy.loading} onClick={() => setDraft(pretty(text))}>
            Edit
          </Button>
        ) : null}
      </SpaceBetween>
    );

  return (
    <Container header={<Header variant="h2" actions={actions}>Key policy</Header>}>
      {view === 'default' && draft === undefined ? (
        principals ? (
          <SpaceBetween size="l">
            {principals.administrators.length || principals.users.length ? null : (
              <Box>This key policy has none of the console's statements for key administrators and key users; adding either creates them.</Box>
            )}
            <PolicyPrincipals role="administrators" arns={principals.administrators} busy={busy} onSave={savePrincipals('administrators')} />
            <PolicyPrincipals role="users" arns={principals.users} busy={busy} onSave={savePrincipals('users')} />
          </SpaceBetween>
        ) : (
          <Box>The key policy is not a JSON object. Switch to policy view to see it.</Box>
        )
      ) : (
        <FormField label="Key policy" stretch errorText={showError ? draftError : undefined}>
          <Textarea value={draft ?? pretty(text)} readOnly={draft === undefined} rows={24} spellcheck={false} onChange={({ detail }) => setDraft(detail.value)} />
        </FormField>
      )}
    </Container>
  );
}
