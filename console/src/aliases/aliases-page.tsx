// "Aliases": every alias of the Region (ListAliases) with the key it points at, a filter and pagination. AWS
// managed aliases (alias/aws/...) are listed too, as ListAliases returns them.

import { useCollection } from '@cloudscape-design/collection-hooks';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import Pagination from '@cloudscape-design/components/pagination';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import type { AliasListEntry } from '@aws-sdk/client-kms';
import { useLoader } from '../common/use-loader';
import { listAllAliases } from '../keys/load-keys';
import { followLink, href } from '../navigation/router';
import { useSession } from '../session/session-context';

export function AliasesPage() {
  const { kms } = useSession().clients;
  const aliases = useLoader(() => listAllAliases(kms), [kms]);
  const { items, collectionProps, filterProps, paginationProps, filteredItemsCount } = useCollection<AliasListEntry>(aliases.value ?? [], {
    filtering: {
      filteringFunction: (a, text) => `${a.AliasName} ${a.TargetKeyId ?? ''} ${a.AliasArn}`.toLowerCase().includes(text.trim().toLowerCase()),
      empty: <Box textAlign="center">No aliases in this Region.</Box>,
      noMatch: <Box textAlign="center">No aliases match the filter.</Box>,
    },
    pagination: { pageSize: 20 },
  });
  return (
    <Table
      {...collectionProps}
      variant="full-page"
      header={
        <Header variant="awsui-h1-sticky" counter={aliases.value ? `(${aliases.value.length})` : undefined} actions={<Button iconName="refresh" ariaLabel="Refresh" onClick={aliases.reload} />}>
          Aliases
        </Header>
      }
      items={items}
      loading={aliases.loading}
      loadingText="Loading aliases"
      columnDefinitions={[
        { id: 'name', header: 'Alias name', cell: (a) => a.AliasName },
        {
          id: 'target',
          header: 'Target key ID',
          cell: (a) =>
            a.TargetKeyId ? (
              <Link href={href(`/keys/${a.TargetKeyId}`)} onFollow={followLink}>
                {a.TargetKeyId}
              </Link>
            ) : (
              '-'
            ),
        },
        { id: 'arn', header: 'Alias ARN', cell: (a) => a.AliasArn },
        { id: 'created', header: 'Creation date', cell: (a) => a.CreationDate?.toUTCString() ?? '-' },
      ]}
      filter={<TextFilter {...filterProps} filteringPlaceholder="Filter aliases" filteringAriaLabel="Filter aliases" countText={`${filteredItemsCount ?? 0} matches`} />}
      pagination={<Pagination {...paginationProps} />}
      ariaLabels={{ tableLabel: 'Aliases' }}
    />
  );
}
