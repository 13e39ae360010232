// Steps 3 and 4 of Create key: "Define key administrative permissions" (Key administrators, Key deletion) and
// "Define key usage permissions" (This account, Other AWS accounts).

import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { PrincipalPicker } from './principal-picker';
import { accountIdError, type WizardState } from './wizard-state';

interface StepProps {
  state: WizardState;
  update(change: Partial<WizardState>): void;
  showErrors: boolean;
}

export function AdministratorsStep({ state, update }: StepProps) {
  return (
    <SpaceBetween size="l">
      <Container
        header={
          <Header variant="h2" description="Choose the IAM users and roles who can administer this key through the KMS API.">
            Key administrators
          </Header>
        }
      >
        <PrincipalPicker
          purpose="key administrators"
          known={state.knownPrincipals}
          listing={state.iamListing}
          selected={state.administrators}
          onChange={({ known, selected }) => update({ knownPrincipals: known, administrators: selected })}
        />
      </Container>
      <Container header={<Header variant="h2">Key deletion</Header>}>
        <Checkbox checked={state.allowAdministratorsToDelete} onChange={({ detail }) => update({ allowAdministratorsToDelete: detail.checked })}>
          Allow key administrators to delete this key.
        </Checkbox>
      </Container>
    </SpaceBetween>
  );
}

export function UsagePermissionsStep({ state, update, showErrors, partition }: StepProps & { partition: string }) {
  const setAccount = (index: number, value: string) => update({ otherAccounts: state.otherAccounts.map((a, i) => (i === index ? value : a)) });
  return (
    <SpaceBetween size="l">
      <Container
        header={
          <Header variant="h2" description="Choose the IAM users and roles who can use this key in cryptographic operations.">
            This account
          </Header>
        }
      >
        <PrincipalPicker
          purpose="key users"
          known={state.knownPrincipals}
          listing={state.iamListing}
          selected={state.users}
          onChange={({ known, selected }) => update({ knownPrincipals: known, users: selected })}
        />
      </Container>
      <Container
        header={
          <Header variant="h2" description="Specify the AWS accounts that can use this key. Administrators of those accounts must give their users permissions in IAM.">
            Other AWS accounts
          </Header>
        }
      >
        <SpaceBetween size="s">
          {state.otherAccounts.length === 0 ? <Box color="text-body-secondary">No other AWS accounts.</Box> : null}
          {state.otherAccounts.map((account, index) => (
            <FormField key={index} label={`AWS account ID ${index + 1}`} errorText={showErrors ? accountIdError(account) : undefined}>
              <SpaceBetween direction="horizontal" size="xs" alignItems="center">
                <Box>arn:{partition}:iam::</Box>
                <Input value={account} placeholder="444455556666" inputMode="numeric" onChange={({ detail }) => setAccount(index, detail.value)} />
                <Box>:root</Box>
                <Button onClick={() => update({ otherAccounts: state.otherAccounts.filter((_, i) => i !== index) })} ariaLabel={`Remove AWS account ${index + 1}`}>
                  Remove
                </Button>
              </SpaceBetween>
            </FormField>
          ))}
          <Button onClick={() => update({ otherAccounts: [...state.otherAccounts, ''] })}>Add another AWS account</Button>
        </SpaceBetween>
      </Container>
    </SpaceBetween>
  );
}
