// The IAM users and roles table of the wizard's permission steps: the signed-in caller (from STS GetCallerIdentity),
// the account's users and roles (IAM ListUsers and ListRoles, when the caller may list them), and any ARN the user
// adds, which is the only way to name a principal for a caller who may not list them.

import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { principalArnError, type WizardState } from './wizard-state';

interface PrincipalRow {
  arn: string;
  name: string;
  type: string;
}

function rowFor(arn: string): PrincipalRow {
  const match = /:(user|role)\/(.+)$/.exec(arn);
  return { arn, name: match ? match[2]!.split('/').pop()! : arn, type: match?.[1] === 'role' ? 'Role' : 'User' };
}

export function PrincipalPicker(props: {
  /** What the table is for, e.g. "key administrators". */
  purpose: string;
  known: string[];
  listing: WizardState['iamListing'];
  selected: string[];
  onChange(change: { known: string[]; selected: string[] }): void;
}) {
  const [typed, setTyped] = useState('');
  const [typedError, setTypedError] = useState<string | undefined>();
  const rows = props.known.map(rowFor);
  const add = () => {
    const arn = typed.trim();
    const error = principalArnError(arn);
    setTypedError(error);
    if (error) return;
    props.onChange({ known: props.known.includes(arn) ? props.known : [...props.known, arn], selected: props.selected.includes(arn) ? props.selected : [...props.selected, arn] });
    setTyped('');
  };
  return (
    <SpaceBetween size="m">
      <Table
        items={rows}
        loading={props.listing.state === 'loading' && rows.length === 0}
        loadingText="Loading IAM users and roles"
        trackBy="arn"
        selectionType="multi"
        selectedItems={rows.filter((row) => props.selected.includes(row.arn))}
        onSelectionChange={({ detail }) => props.onChange({ known: props.known, selected: detail.selectedItems.map((row) => row.arn) })}
        columnDefinitions={[
          { id: 'name', header: 'Name', cell: (row) => row.name },
          { id: 'type', header: 'Type', cell: (row) => row.type },
          { id: 'arn', header: 'ARN', cell: (row) => row.arn },
        ]}
        ariaLabels={{
          tableLabel: `IAM users and roles for ${props.purpose}`,
          selectionGroupLabel: `Select ${props.purpose}`,
          allItemsSelectionLabel: () => `Select all ${props.purpose}`,
          itemSelectionLabel: (_, row) => `Select ${row.arn}`,
        }}
        empty={<Box textAlign="center">No IAM users or roles known. Add one by its ARN.</Box>}
        variant="embedded"
      />
      <FormField
        label="Add an IAM user or role by ARN"
        description={
          props.listing.state === 'refused'
            ? `The IAM users and roles of the account could not be listed (${props.listing.reason}): add them by ARN.`
            : 'Any IAM user or role, also one the table does not list.'
        }
        errorText={typedError}
      >
        <SpaceBetween direction="horizontal" size="xs">
          <div style={{ minWidth: 420 }}>
            <Input
              value={typed}
              placeholder="arn:aws:iam::111122223333:role/KMSAdminRole"
              ariaLabel={`IAM user or role ARN for ${props.purpose}`}
              onChange={({ detail }) => setTyped(detail.value)}
              onKeyDown={({ detail }) => {
                if (detail.key === 'Enter') add();
              }}
            />
          </div>
          <Button onClick={add} ariaLabel={`Add ARN to ${props.purpose}`}>
            Add
          </Button>
        </SpaceBetween>
      </FormField>
    </SpaceBetween>
  );
}
