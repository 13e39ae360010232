// Create key with Origin "External key store": the external key store to create the key in (only connected ones can
// be chosen, as in the AWS console), the ID of the external key in the external key manager, and the confirmation.

import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { useLoader } from '../common/use-loader';
import { connectionState } from '../key-stores/key-store-labels';
import { listExternalKeyStores } from '../key-stores/load-key-stores';
import { href } from '../navigation/router';
import { useSession } from '../session/session-context';
import type { WizardState } from './wizard-state';

export function ExternalKeyStoreChoice(props: { state: WizardState; update(change: Partial<WizardState>): void; showErrors: boolean }) {
  const { state, update, showErrors } = props;
  const { kms } = useSession().clients;
  const stores = useLoader(() => listExternalKeyStores(kms), [kms]);
  const chosen = (stores.value ?? []).filter((store) => store.CustomKeyStoreId === state.customKeyStoreId);
  return (
    <SpaceBetween size="l">
      <Table
        header={
          <Header
            variant="h3"
            description="Choose the external key store for the new KMS key. You cannot choose a disconnected external key store: connect it on its page first."
            actions={<Button iconName="refresh" ariaLabel="Refresh external key stores" onClick={stores.reload} />}
          >
            External key store
          </Header>
        }
        items={stores.value ?? []}
        loading={stores.loading}
        loadingText="Loading external key stores"
        selectionType="single"
        selectedItems={chosen}
        isItemDisabled={(store) => store.ConnectionState !== 'CONNECTED'}
        onSelectionChange={({ detail }) => update({ customKeyStoreId: detail.selectedItems[0]?.CustomKeyStoreId ?? '' })}
        trackBy="CustomKeyStoreId"
        columnDefinitions={[
          { id: 'name', header: 'Custom key store name', cell: (s) => s.CustomKeyStoreName },
          { id: 'id', header: 'Custom key store ID', cell: (s) => s.CustomKeyStoreId },
          {
            id: 'state',
            header: 'Connection state',
            cell: (s) => {
              const label = connectionState(s.ConnectionState);
              return <StatusIndicator type={label.type}>{label.label}</StatusIndicator>;
            },
          },
        ]}
        empty={
          <Box textAlign="center">
            No external key stores in this Region. <Link href={href('/custom-key-stores/external/create')}>Create external key store</Link>
          </Box>
        }
        ariaLabels={{
          tableLabel: 'External key stores',
          selectionGroupLabel: 'External key store',
          itemSelectionLabel: (_selection, store) => store.CustomKeyStoreName ?? store.CustomKeyStoreId ?? '',
          allItemsSelectionLabel: () => 'External key stores',
        }}
      />
      <FormField
        label="External key"
        description="The key ID of an external key in your external key manager, as your external key store proxy identifies it. You cannot change it after the key is created."
        errorText={showErrors && state.xksKeyId.trim() === '' ? 'Enter the ID of the external key.' : undefined}
      >
        <Input ariaLabel="External key ID" value={state.xksKeyId} onChange={({ detail }) => update({ xksKeyId: detail.value })} />
      </FormField>
      <FormField
        errorText={showErrors && !state.externalKeyStoreAcknowledged ? 'You must confirm to create a KMS key in an external key store.' : undefined}
      >
        <Checkbox checked={state.externalKeyStoreAcknowledged} onChange={({ detail }) => update({ externalKeyStoreAcknowledged: detail.checked })}>
          I understand that I am creating this KMS key in the specified external key store, and that its availability depends on the external key
          store proxy and the external key manager
        </Checkbox>
      </FormField>
    </SpaceBetween>
  );
}
