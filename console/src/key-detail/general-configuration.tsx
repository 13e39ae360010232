// "General configuration" of a key's page: alias, ARN, description (with Edit → UpdateKeyDescription), status,
// creation date, regionality, and the deletion date of a key pending deletion.

import { useState } from 'react';
import { UpdateKeyDescriptionCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Textarea from '@cloudscape-design/components/textarea';
import { stateIndicator, stateLabel } from '../keys/key-labels';
import { useSession } from '../session/session-context';
import { useFlash } from '../shell/flash-messages';

export function GeneralConfiguration(props: { metadata: KeyMetadata; aliases: string[]; onChanged(): void }) {
  const { kms } = useSession().clients;
  const flash = useFlash();
  const m = props.metadata;
  const [editing, setEditing] = useState(false);
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      await kms.send(new UpdateKeyDescriptionCommand({ KeyId: m.KeyId!, Description: description }));
      setEditing(false);
      flash.success('The description was updated.');
      props.onChanged();
    } catch (error) {
      flash.error(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Container
      header={
        <Header
          variant="h2"
          actions={
            <Button
              onClick={() => {
                setDescription(m.Description ?? '');
                setEditing(true);
              }}
            >
              Edit description
            </Button>
          }
        >
          General configuration
        </Header>
      }
    >
      <KeyValuePairs
        columns={3}
        items={[
          { label: 'Alias', value: props.aliases.length ? props.aliases.join(', ') : '-' },
          { label: 'Status', value: <StatusIndicator type={stateIndicator(m.KeyState)}>{stateLabel(m.KeyState)}</StatusIndicator> },
          { label: 'Creation date', value: m.CreationDate?.toUTCString() ?? '-' },
          { label: 'ARN', value: <Box variant="code">{m.Arn}</Box> },
          { label: 'Description', value: m.Description || '-' },
          { label: 'Regionality', value: m.MultiRegion ? `Multi-Region (${m.MultiRegionConfiguration?.MultiRegionKeyType === 'REPLICA' ? 'replica' : 'primary'})` : 'Single Region' },
          ...(m.DeletionDate ? [{ label: 'Scheduled deletion date', value: m.DeletionDate.toUTCString() }] : []),
        ]}
      />
      {editing ? (
        <Modal
          visible
          header="Edit description"
          closeAriaLabel="Close"
          onDismiss={() => setEditing(false)}
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setEditing(false)}>
                  Cancel
                </Button>
                <Button variant="primary" loading={busy} onClick={() => void save()}>
                  Save changes
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          <FormField label="Description">
            <Textarea value={description} onChange={({ detail }) => setDescription(detail.value)} />
          </FormField>
        </Modal>
      ) : null}
    </Container>
  );
}
