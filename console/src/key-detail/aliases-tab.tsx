// "Aliases" of a key's page: the aliases that point at it, "Create alias" (CreateAlias, not aws/) and "Delete"
// (DeleteAlias) of the selected ones.

import { useState } from 'react';
import { CreateAliasCommand, DeleteAliasCommand } from '@aws-sdk/client-kms';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { aliasNameError, fullAliasName } from '../create-key/alias-name';
import { useSession } from '../session/session-context';
import { useFlash } from '../shell/flash-messages';

export function AliasesTab(props: { keyId: string; aliases: string[]; onChanged(): void }) {
  const { kms } = useSession().clients;
  const flash = useFlash();
  const [selected, setSelected] = useState<{ name: string }[]>([]);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [showError, setShowError] = useState(false);
  const [busy, setBusy] = useState(false);
  const rows = props.aliases.map((alias) => ({ name: alias }));

  const create = async () => {
    setShowError(true);
    if (aliasNameError(name)) return;
    setBusy(true);
    try {
      await kms.send(new CreateAliasCommand({ AliasName: fullAliasName(name), TargetKeyId: props.keyId }));
      flash.success(`The alias ${fullAliasName(name)} was created.`);
      setCreating(false);
      props.onChanged();
    } catch (error) {
      flash.error(error);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    try {
      for (const alias of selected) await kms.send(new DeleteAliasCommand({ AliasName: alias.name }));
      flash.success(`Deleted ${selected.map((a) => a.name).join(', ')}.`);
      setSelected([]);
      props.onChanged();
    } catch (error) {
      flash.error(error);
    }
  };
  return (
    <>
      <Table
        header={
          <Header
            variant="h2"
            counter={`(${rows.length})`}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button disabled={selected.length === 0} onClick={() => void remove()}>
                  Delete
                </Button>
                <Button
                  onClick={() => {
                    setName('');
                    setShowError(false);
                    setCreating(true);
                  }}
                >
                  Create alias
                </Button>
              </SpaceBetween>
            }
          >
            Aliases
          </Header>
        }
        items={rows}
        trackBy="name"
        selectionType="multi"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        columnDefinitions={[{ id: 'name', header: 'Alias name', cell: (row) => row.name }]}
        empty={<Box textAlign="center">No aliases</Box>}
        ariaLabels={{
          tableLabel: 'Aliases of the key',
          selectionGroupLabel: 'Alias selection',
          allItemsSelectionLabel: () => 'Select all aliases',
          itemSelectionLabel: (_, row) => `Select ${row.name}`,
        }}
      />
      {creating ? (
        <Modal
          visible
          header="Create alias"
          closeAriaLabel="Close"
          onDismiss={() => setCreating(false)}
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setCreating(false)}>
                  Cancel
                </Button>
                <Button variant="primary" loading={busy} onClick={() => void create()}>
                  Create alias
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          <FormField label="Alias name" errorText={showError ? aliasNameError(name) : undefined}>
            <Input value={name} placeholder="alias/example" onChange={({ detail }) => setName(detail.value)} />
          </FormField>
        </Modal>
      ) : null}
    </>
  );
}
