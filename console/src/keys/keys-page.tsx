// "Customer managed keys": the table of the Region's keys (Aliases, Key ID, Status, Key spec, Key usage, Origin, Custom
// key store ID) with a filter, pagination and preferences for the visible columns, "Create key" and "Key actions".

import { useCallback, useEffect, useState } from 'react';
import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import CollectionPreferences, { type CollectionPreferencesProps } from '@cloudscape-design/components/collection-preferences';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table, { type TableProps } from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { followLink, href, navigate } from '../navigation/router';
import { useSession } from '../session/session-context';
import { useFlash } from '../shell/flash-messages';
import { KeyActions } from './key-actions';
import { originLabel, stateIndicator, stateLabel, usageLabel } from './key-labels';
import { loadCustomerManagedKeys, type KeyRow } from './load-keys';

const COLUMNS: TableProps.ColumnDefinition<KeyRow>[] = [
  {
    id: 'aliases',
    header: 'Aliases',
    cell: (row) =>
      row.aliases.length === 0 ? (
        '-'
      ) : (
        <Link href={href(`/keys/${row.metadata.KeyId}`)} onFollow={followLink}>
          {row.aliases.map((alias) => alias.replace(/^alias\//, '')).join(', ')}
        </Link>
      ),
    sortingComparator: (a, b) => (a.aliases[0] ?? '\uffff').localeCompare(b.aliases[0] ?? '\uffff'),
  },
  {
    id: 'keyId',
    header: 'Key ID',
    cell: (row) => (
      <Link href={href(`/keys/${row.metadata.KeyId}`)} onFollow={followLink}>
        {row.metadata.KeyId}
      </Link>
    ),
    sortingComparator: (a, b) => a.metadata.KeyId!.localeCompare(b.metadata.KeyId!),
  },
  { id: 'status', header: 'Status', cell: (row) => <StatusIndicator type={stateIndicator(row.metadata.KeyState)}>{stateLabel(row.metadata.KeyState)}</StatusIndicator> },
  { id: 'keySpec', header: 'Key spec', cell: (row) => row.metadata.KeySpec ?? '-' },
  { id: 'keyUsage', header: 'Key usage', cell: (row) => usageLabel(row.metadata.KeyUsage) },
  { id: 'origin', header: 'Origin', cell: (row) => originLabel(row.metadata.Origin) },
  { id: 'customKeyStoreId', header: 'Custom key store ID', cell: (row) => row.metadata.CustomKeyStoreId ?? '-' },
  { id: 'regionality', header: 'Regionality', cell: (row) => (row.metadata.MultiRegion ? 'Multi-Region' : 'Single-Region') },
];

const DEFAULT_PREFERENCES: CollectionPreferencesProps.Preferences = {
  pageSize: 10,
  contentDisplay: ['aliases', 'keyId', 'status', 'keySpec', 'keyUsage', 'origin', 'customKeyStoreId', 'regionality'].map((id) => ({
    id,
    visible: !['origin', 'customKeyStoreId', 'regionality'].includes(id),
  })),
};

/** Text the filter matches: aliases, key id, ARN, description, state, spec, usage and origin. */
function filterText(row: KeyRow): string {
  const m = row.metadata;
  return [...row.aliases, m.KeyId, m.Arn, m.Description, stateLabel(m.KeyState), m.KeySpec, usageLabel(m.KeyUsage), originLabel(m.Origin), m.CustomKeyStoreId]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

export function KeysPage() {
  const { kms } = useSession().clients;
  const flash = useFlash();
  const [rows, setRows] = useState<KeyRow[]>([]);
  const [loading, setLoading] = useState(true);
  const [preferences, setPreferences] = useState(DEFAULT_PREFERENCES);
  const [selected, setSelected] = useState<KeyRow[]>([]);

  const reload = useCallback(() => {
    setLoading(true);
    loadCustomerManagedKeys(kms)
      .then((loaded) => {
        setRows(loaded);
        setSelected((current) => loaded.filter((row) => current.some((s) => s.metadata.KeyId === row.metadata.KeyId)));
      })
      .catch((error: unknown) => flash.error(error))
      .finally(() => setLoading(false));
  }, [kms, flash]);
  useEffect(reload, [reload]);

  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection(rows, {
    filtering: {
      filteringFunction: (row, text) => filterText(row).includes(text.trim().toLowerCase()),
      empty: (
        <Box textAlign="center" color="inherit">
          <SpaceBetween size="xxs">
            <b>No customer managed keys</b>
            <Box color="inherit">You don't have any customer managed keys in this Region.</Box>
          </SpaceBetween>
        </Box>
      ),
      noMatch: <Box textAlign="center">No keys match the filter.</Box>,
    },
    pagination: { pageSize: preferences.pageSize ?? 10 },
    sorting: {},
    selection: { keepSelection: true, trackBy: (row) => row.metadata.KeyId! },
  });

  const chosen = selected[0];
  const chosenName = chosen ? (chosen.aliases[0] ?? chosen.metadata.KeyId!) : '';
  return (
    <Table
      {...collectionProps}
      variant="full-page"
      columnDefinitions={COLUMNS}
      columnDisplay={preferences.contentDisplay}
      items={items}
      loading={loading}
      loadingText="Loading keys"
      trackBy={(row) => row.metadata.KeyId!}
      selectionType="single"
      selectedItems={selected}
      onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
      ariaLabels={{
        selectionGroupLabel: 'Key selection',
        itemSelectionLabel: (_, row) => `Select key ${row.aliases[0] ?? row.metadata.KeyId}`,
        allItemsSelectionLabel: () => 'Select all keys',
        tableLabel: 'Customer managed keys',
      }}
      header={
        <Header
          variant="awsui-h1-sticky"
          counter={loading ? undefined : `(${rows.length})`}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button iconName="refresh" ariaLabel="Refresh" onClick={reload} />
              <KeyActions metadata={chosen?.metadata} keyName={chosenName} onChanged={reload} />
              <Button variant="primary" onClick={() => navigate('/keys/create')}>
                Create key
              </Button>
            </SpaceBetween>
          }
        >
          Customer managed keys
        </Header>
      }
      filter={
        <TextFilter
          {...filterProps}
          filteringPlaceholder="Filter keys"
          filteringAriaLabel="Filter keys"
          countText={`${filteredItemsCount ?? 0} matches`}
        />
      }
      pagination={<Pagination {...paginationProps} />}
      preferences={
        <CollectionPreferences
          title="Preferences"
          confirmLabel="Confirm"
          cancelLabel="Cancel"
          preferences={preferences}
          onConfirm={({ detail }) => setPreferences(detail)}
          pageSizePreference={{ title: 'Page size', options: [10, 25, 50, 100].map((value) => ({ value, label: `${value} keys` })) }}
          contentDisplayPreference={{
            title: 'Column preferences',
            options: COLUMNS.map((column) => ({ id: column.id!, label: String(column.header), alwaysVisible: column.id === 'keyId' })),
          }}
        />
      }
    />
  );
}
