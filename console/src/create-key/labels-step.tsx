// Step 2 of Create key, "Add labels": the Alias (required, not aws/), the Description and the Tags.

import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';
import { TagEditor } from '../common/tag-editor';
import { aliasNameError } from './alias-name';
import type { WizardState } from './wizard-state';

export function LabelsStep(props: { state: WizardState; update(change: Partial<WizardState>): void; showErrors: boolean }) {
  const { state, update } = props;
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">Alias</Header>}>
        <SpaceBetween size="l">
          <FormField
            label="Alias"
            description="You can change the alias at any time."
            constraintText="The alias name cannot begin with aws/. The aws/ prefix is reserved by Amazon Web Services to represent AWS managed keys in your account."
            errorText={props.showErrors ? aliasNameError(state.alias) : undefined}
          >
            <Input value={state.alias} placeholder="Enter alias" onChange={({ detail }) => update({ alias: detail.value })} />
          </FormField>
          <FormField
            label={
              <span>
                Description <i>- optional</i>
              </span>
            }
            description="You can change the description at any time."
          >
            <Textarea value={state.description} placeholder="Description of the key" onChange={({ detail }) => update({ description: detail.value })} />
          </FormField>
        </SpaceBetween>
      </Container>
      <Container
        header={
          <Header variant="h2" description="You can use tags to categorize and identify your KMS keys and help you track your costs.">
            Tags - optional
          </Header>
        }
      >
        <TagEditor tags={state.tags} onChange={(tags) => update({ tags })} showErrors={props.showErrors} />
      </Container>
    </SpaceBetween>
  );
}
