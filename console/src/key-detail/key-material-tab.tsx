// "Key material" of a key with imported key material: its state and expiry, "Import key material" (the import page)
// and "Delete key material" (DeleteImportedKeyMaterial, after a confirmation).

import { useState } from 'react';
import { DeleteImportedKeyMaterialCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { stateLabel } from '../keys/key-labels';
import { navigate } from '../navigation/router';
import { useSession } from '../session/session-context';
import { useFlash } from '../shell/flash-messages';

export function KeyMaterialTab({ metadata: m, onChanged }: { metadata: KeyMetadata; onChanged(): void }) {
  const { kms } = useSession().clients;
  const flash = useFlash();
  const [deleting, setDeleting] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const hasMaterial = m.KeyState !== 'PendingImport';
  const remove = async () => {
    setBusy(true);
    try {
      await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: m.KeyId! }));
      flash.success('The key material was deleted. The key is Pending import until you import the same key material again.');
      setDeleting(false);
      onChanged();
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
            <SpaceBetween direction="horizontal" size="xs">
              <Button
                disabled={!hasMaterial || m.KeyState === 'PendingDeletion'}
                onClick={() => {
                  setConfirmed(false);
                  setDeleting(true);
                }}
              >
                Delete key material
              </Button>
              <Button variant="primary" disabled={m.KeyState === 'PendingDeletion'} onClick={() => navigate(`/keys/${m.KeyId}/import`)}>
                Import key material
              </Button>
            </SpaceBetween>
          }
        >
          Key material
        </Header>
      }
    >
      <KeyValuePairs
        columns={3}
        items={[
          { label: 'Key material', value: hasMaterial ? 'Imported' : 'Not imported (Pending import)' },
          { label: 'Status', value: stateLabel(m.KeyState) },
          { label: 'Expiration model', value: !hasMaterial ? '-' : m.ExpirationModel === 'KEY_MATERIAL_EXPIRES' ? 'Key material expires' : 'Key material does not expire' },
          ...(m.ValidTo ? [{ label: 'Expiration date', value: m.ValidTo.toUTCString() }] : []),
        ]}
      />
      {deleting ? (
        <Modal
          visible
          header="Delete key material"
          closeAriaLabel="Close"
          onDismiss={() => setDeleting(false)}
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setDeleting(false)}>
                  Cancel
                </Button>
                <Button variant="primary" disabled={!confirmed} loading={busy} onClick={() => void remove()}>
                  Delete key material
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          <SpaceBetween size="m">
            <Alert type="warning">The key becomes unusable until you import the same key material again.</Alert>
            <Checkbox checked={confirmed} onChange={({ detail }) => setConfirmed(detail.checked)}>
              Confirm that you want to delete the key material of this key.
            </Checkbox>
          </SpaceBetween>
        </Modal>
      ) : null}
    </Container>
  );
}
