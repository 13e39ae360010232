// "Key rotation": automatic rotation (on or off, the period in days, 90 to 2560), "Rotate now" (RotateKeyOnDemand)
// and the rotation history (ListKeyRotations).

import { useEffect, useState } from 'react';
import {
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  GetKeyRotationStatusCommand,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
  type KeyMetadata,
  type RotationsListEntry,
} from '@aws-sdk/client-kms';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useLoader } from '../common/use-loader';
import { useSession } from '../session/session-context';
import { useFlash } from '../shell/flash-messages';

export function rotationPeriodError(text: string): string | undefined {
  const days = Number(text);
  return /^\d+$/.test(text.trim()) && days >= 90 && days <= 2560 ? undefined : 'The rotation period is a whole number of days from 90 to 2560.';
}

export function KeyRotationTab({ metadata, onChanged }: { metadata: KeyMetadata; onChanged(): void }) {
  const { kms } = useSession().clients;
  const flash = useFlash();
  const keyId = metadata.KeyId!;
  const automatic = metadata.Origin === 'AWS_KMS';
  const data = useLoader(async () => {
    const [status, rotations] = await Promise.all([
      automatic ? kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId })) : Promise.resolve(undefined),
      kms.send(new ListKeyRotationsCommand({ KeyId: keyId })),
    ]);
    return { status, rotations: rotations.Rotations ?? [] };
  }, [kms, keyId, automatic]);
  const [enabled, setEnabled] = useState(false);
  const [period, setPeriod] = useState('365');
  const [busy, setBusy] = useState<'save' | 'rotate' | undefined>();
  useEffect(() => {
    if (!data.value?.status) return;
    setEnabled(data.value.status.KeyRotationEnabled ?? false);
    setPeriod(String(data.value.status.RotationPeriodInDays ?? 365));
  }, [data.value]);

  const run = async (kind: 'save' | 'rotate', action: () => Promise<unknown>, done: string) => {
    setBusy(kind);
    try {
      await action();
      flash.success(done);
      data.reload();
      onChanged();
    } catch (error) {
      flash.error(error);
    } finally {
      setBusy(undefined);
    }
  };
  const periodError = enabled ? rotationPeriodError(period) : undefined;
  const save = () =>
    run(
      'save',
      () => (enabled ? kms.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: Number(period) })) : kms.send(new DisableKeyRotationCommand({ KeyId: keyId }))),
      enabled ? `Automatic key rotation is enabled, every ${period} days.` : 'Automatic key rotation is disabled.',
    );
  const rotateNow = () => run('rotate', () => kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId })), 'The key material rotation has started.');

  return (
    <SpaceBetween size="l">
      {automatic ? (
        <Container header={<Header variant="h2" actions={<Button variant="primary" loading={busy === 'save'} disabled={periodError !== undefined || data.loading} onClick={() => void save()}>Save</Button>}>Automatic key rotation</Header>}>
          <SpaceBetween size="m">
            <Checkbox checked={enabled} onChange={({ detail }) => setEnabled(detail.checked)}>
              Automatically rotate this KMS key
            </Checkbox>
            <FormField label="Rotation period (in days)" constraintText="From 90 to 2560 days; 365 by default." errorText={periodError}>
              <Input type="number" inputMode="numeric" value={period} disabled={!enabled} onChange={({ detail }) => setPeriod(detail.value)} />
            </FormField>
            {data.value?.status?.NextRotationDate ? (
              <KeyValuePairs items={[{ label: 'Next rotation date', value: data.value.status.NextRotationDate.toUTCString() }]} />
            ) : null}
          </SpaceBetween>
        </Container>
      ) : null}
      <Table<RotationsListEntry>
        header={
          <Header
            variant="h2"
            description="Rotate now creates new key material for the key at once; earlier key material still decrypts what it encrypted."
            actions={
              <Button loading={busy === 'rotate'} onClick={() => void rotateNow()}>
                Rotate now
              </Button>
            }
            counter={data.value ? `(${data.value.rotations.length})` : undefined}
          >
            Rotation history
          </Header>
        }
        items={data.value?.rotations ?? []}
        loading={data.loading}
        loadingText="Loading rotations"
        columnDefinitions={[
          { id: 'date', header: 'Date', cell: (r) => r.RotationDate?.toUTCString() ?? '-' },
          { id: 'type', header: 'Rotation type', cell: (r) => (r.RotationType === 'ON_DEMAND' ? 'On-demand' : 'Automatic') },
          { id: 'material', header: 'Key material ID', cell: (r) => r.KeyMaterialId ?? '-' },
        ]}
        empty={<Box textAlign="center">This key has not been rotated.</Box>}
        ariaLabels={{ tableLabel: 'Rotation history' }}
      />
    </SpaceBetween>
  );
}
