// "Custom key stores" → "External key stores": the Region's external key stores (DescribeCustomKeyStores) with their
// connection state and proxy configuration, a filter, and "Create external key store".

import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import type { CustomKeyStoresListEntry } from '@aws-sdk/client-kms';
import { useLoader } from '../common/use-loader';
import { followLink, href } from '../navigation/router';
import { useSession } from '../session/session-context';
import { connectionState, connectivityLabel } from './key-store-labels';
import { listExternalKeyStores } from './load-key-stores';

export function ExternalKeyStoresPage() {
  const { kms } = useSession().clients;
  const stores = useLoader(() => listExternalKeyStores(kms), [kms]);
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection<CustomKeyStoresListEntry>(stores.value ?? [], {
    filtering: {
      filteringFunction: (s, text) =>
        `${s.CustomKeyStoreName} ${s.CustomKeyStoreId} ${s.XksProxyConfiguration?.UriEndpoint ?? ''}`.toLowerCase().includes(text.trim().toLowerCase()),
      empty: <Box textAlign="center">No external key stores in this Region.</Box>,
      noMatch: <Box textAlign="center">No external key stores match the filter.</Box>,
    },
    pagination: { pageSize: 20 },
  });
  return (
    <Table
      {...collectionProps}
      variant="full-page"
      header={
        <Header
          variant="awsui-h1-sticky"
          counter={stores.value ? `(${stores.value.length})` : undefined}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button iconName="refresh" ariaLabel="Refresh" onClick={stores.reload} />
              <Button variant="primary" href={href('/custom-key-stores/external/create')} onFollow={followLink}>
                Create external key store
              </Button>
            </SpaceBetween>
          }
        >
          External key stores
        </Header>
      }
      items={items}
      loading={stores.loading}
      loadingText="Loading external key stores"
      columnDefinitions={[
        {
          id: 'name',
          header: 'Custom key store name',
          cell: (s) => (
            <Link href={href(`/custom-key-stores/external/${s.CustomKeyStoreId}`)} onFollow={followLink}>
              {s.CustomKeyStoreName}
            </Link>
          ),
        },
        { id: 'id', header: 'Custom key store ID', cell: (s) => s.CustomKeyStoreId },
        {
          id: 'state',
          header: 'Connection state',
          cell: (s) => {
            const state = connectionState(s.ConnectionState);
            return <StatusIndicator type={state.type}>{state.label}</StatusIndicator>;
          },
        },
        { id: 'connectivity', header: 'Proxy connectivity', cell: (s) => connectivityLabel(s.XksProxyConfiguration?.Connectivity) },
        { id: 'endpoint', header: 'Proxy URI endpoint', cell: (s) => s.XksProxyConfiguration?.UriEndpoint ?? '-' },
        { id: 'created', header: 'Creation date', cell: (s) => s.CreationDate?.toUTCString() ?? '-' },
      ]}
      filter={
        <TextFilter
          {...filterProps}
          filteringPlaceholder="Filter external key stores"
          filteringAriaLabel="Filter external key stores"
          countText={`${filteredItemsCount ?? 0} matches`}
        />
      }
      pagination={<Pagination {...paginationProps} />}
      ariaLabels={{ tableLabel: 'External key stores' }}
    />
  );
}
