// Step 5 of Create key, "Review": the chosen settings and the key policy the console generated, editable as JSON and
// checked before "Finish" sends it.

import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import Textarea from '@cloudscape-design/components/textarea';
import { originLabel, usageLabel } from '../keys/key-labels';
import { fullAliasName } from './alias-name';
import { policyTextError, type WizardState } from './wizard-state';

export function ReviewStep(props: {
  state: WizardState;
  policyText: string;
  update(change: Partial<WizardState>): void;
  goToStep(index: number): void;
}) {
  const { state } = props;
  const policyError = policyTextError(props.policyText);
  const edit = (step: number) => (
    <Button onClick={() => props.goToStep(step)} ariaLabel={`Edit step ${step + 1}`}>
      Edit
    </Button>
  );
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2" actions={edit(0)}>Key configuration</Header>}>
        <KeyValuePairs
          columns={3}
          items={[
            { label: 'Key type', value: state.keyType === 'symmetric' ? 'Symmetric' : 'Asymmetric' },
            { label: 'Key spec', value: state.keySpec },
            { label: 'Key usage', value: usageLabel(state.keyUsage) },
            { label: 'Origin', value: originLabel(state.origin) },
            ...(state.origin === 'EXTERNAL_KEY_STORE'
              ? [
                  { label: 'Custom key store ID', value: state.customKeyStoreId },
                  { label: 'External key ID', value: state.xksKeyId.trim() },
                ]
              : []),
            { label: 'Regionality', value: state.multiRegion ? 'Multi-Region key' : 'Single-Region key' },
          ]}
        />
      </Container>
      <Container header={<Header variant="h2" actions={edit(1)}>Alias and description</Header>}>
        <KeyValuePairs
          columns={2}
          items={[
            { label: 'Alias', value: fullAliasName(state.alias) },
            { label: 'Description', value: state.description || '-' },
          ]}
        />
      </Container>
      <Table
        header={<Header variant="h2" actions={edit(1)}>Tags</Header>}
        items={state.tags}
        columnDefinitions={[
          { id: 'key', header: 'Tag key', cell: (tag) => tag.key },
          { id: 'value', header: 'Tag value', cell: (tag) => tag.value || '-' },
        ]}
        empty="No tags"
        ariaLabels={{ tableLabel: 'Tags' }}
      />
      <Container
        header={
          <Header
            variant="h2"
            description="The key policy the console generated from your choices. You can edit it as JSON before you choose Finish."
            actions={
              state.editedPolicy !== undefined ? <Button onClick={() => props.update({ editedPolicy: undefined })}>Reset to the generated policy</Button> : undefined
            }
          >
            Key policy
          </Header>
        }
      >
        <FormField label="Key policy" stretch errorText={policyError}>
          <Textarea
            value={props.policyText}
            rows={24}
            spellcheck={false}
            onChange={({ detail }) => props.update({ editedPolicy: detail.value })}
          />
        </FormField>
      </Container>
    </SpaceBetween>
  );
}
