// The Key policy tab's default view of one role: the key administrators or the key users the console's statements
// name, with "Add" and "Remove", each change sent as the whole policy with PutKeyPolicy.

import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';

/** Users and roles; key users may also be other accounts, named by their root. */
export function policyPrincipalError(arn: string, role: 'administrators' | 'users'): string | undefined {
  const pattern = role === 'users' ? /^arn:aws[a-z-]*:iam::\d{12}:(root|(user|role)\/[\w+=,.@/-]+)$/ : /^arn:aws[a-z-]*:iam::\d{12}:(user|role)\/[\w+=,.@/-]+$/;
  return pattern.test(arn.trim()) ? undefined : `Enter the ARN of an IAM user or role${role === 'users' ? ' or an account root' : ''}, such as arn:aws:iam::111122223333:role/KMSAdminRole.`;
}

export function PolicyPrincipals(props: { role: 'administrators' | 'users'; arns: string[]; busy: boolean; onSave(arns: string[]): Promise<boolean> }) {
  const title = props.role === 'administrators' ? 'Key administrators' : 'Key users';
  const [selected, setSelected] = useState<{ arn: string }[]>([]);
  const [adding, setAdding] = useState(false);
  const [typed, setTyped] = useState('');
  const [showError, setShowError] = useState(false);
  const error = policyPrincipalError(typed, props.role);
  const add = async () => {
    setShowError(true);
    if (error) return;
    if (await props.onSave([...props.arns.filter((a) => a !== typed.trim()), typed.trim()])) setAdding(false);
  };
  const remove = async () => {
    if (await props.onSave(props.arns.filter((arn) => !selected.some((s) => s.arn === arn)))) setSelected([]);
  };
  return (
    <>
      <Table
        variant="embedded"
        header={
          <Header
            variant="h3"
            counter={`(${props.arns.length})`}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button disabled={selected.length === 0 || props.busy} onClick={() => void remove()} ariaLabel={`Remove ${title.toLowerCase()}`}>
                  Remove
                </Button>
                <Button
                  disabled={props.busy}
                  ariaLabel={`Add ${title.toLowerCase()}`}
                  onClick={() => {
                    setTyped('');
                    setShowError(false);
                    setAdding(true);
                  }}
                >
                  Add
                </Button>
              </SpaceBetween>
            }
          >
            {title}
          </Header>
        }
        items={props.arns.map((arn) => ({ arn }))}
        trackBy="arn"
        selectionType="multi"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        columnDefinitions={[{ id: 'arn', header: 'ARN', cell: (row) => row.arn }]}
        empty={<Box textAlign="center">None</Box>}
        ariaLabels={{
          tableLabel: title,
          selectionGroupLabel: `${title} selection`,
          allItemsSelectionLabel: () => `Select all ${title.toLowerCase()}`,
          itemSelectionLabel: (_, row) => `Select ${row.arn}`,
        }}
      />
      {adding ? (
        <Modal
          visible
          header={`Add ${title.toLowerCase()}`}
          closeAriaLabel="Close"
          onDismiss={() => setAdding(false)}
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setAdding(false)}>
                  Cancel
                </Button>
                <Button variant="primary" loading={props.busy} onClick={() => void add()}>
                  Add
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          <FormField label="IAM user or role ARN" errorText={showError ? error : undefined}>
            <Input value={typed} placeholder="arn:aws:iam::111122223333:role/KMSAdminRole" onChange={({ detail }) => setTyped(detail.value)} />
          </FormField>
        </Modal>
      ) : null}
    </>
  );
}
