// The sign-in form: an access key (and, for temporary credentials, a session token) and a Region. The key is checked
// with STS GetCallerIdentity before anything is kept; it is then held in sessionStorage only.

import { useState, type FormEvent } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { apiErrorText, type ApiErrorText } from '../common/api-error';
import { useSessionControl } from '../session/session-context';
import { REGIONS } from '../shell/regions';

export function SignInPage() {
  const { signIn } = useSessionControl();
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secretAccessKey, setSecretAccessKey] = useState('');
  const [sessionToken, setSessionToken] = useState('');
  const [region, setRegion] = useState('us-east-1');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiErrorText | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (accessKeyId.trim() === '' || secretAccessKey === '') return;
    setBusy(true);
    setFailure(undefined);
    try {
      await signIn({ accessKeyId: accessKeyId.trim(), secretAccessKey, region, ...(sessionToken.trim() ? { sessionToken: sessionToken.trim() } : {}) });
    } catch (error) {
      setFailure(apiErrorText(error));
      setBusy(false);
    }
  };

  const regionOption = { value: region, label: region, description: REGIONS.find((r) => r.id === region)?.name };
  return (
    <main className="openkms-sign-in">
      <Box margin={{ vertical: 'xxxl', horizontal: 'l' }}>
        <div style={{ maxWidth: 480, margin: '0 auto' }}>
          <form onSubmit={(event) => void submit(event)} noValidate>
            <Form
              header={
                <Header variant="h1" description="Sign in with an access key of your openkms account, as you would configure the AWS CLI.">
                  Sign in to the openkms console
                </Header>
              }
              actions={
                <Button variant="primary" formAction="submit" loading={busy}>
                  Sign in
                </Button>
              }
              errorText={failure ? `${failure.name}: ${failure.message}` : undefined}
            >
              <Container>
                <SpaceBetween size="l">
                  <FormField label="Access key ID" errorText={submitted && accessKeyId.trim() === '' ? 'Enter an access key ID.' : undefined}>
                    <Input value={accessKeyId} onChange={({ detail }) => setAccessKeyId(detail.value)} autoComplete="username" spellcheck={false} />
                  </FormField>
                  <FormField label="Secret access key" errorText={submitted && secretAccessKey === '' ? 'Enter the secret access key.' : undefined}>
                    <Input type="password" value={secretAccessKey} onChange={({ detail }) => setSecretAccessKey(detail.value)} autoComplete="current-password" />
                  </FormField>
                  <FormField
                    label={
                      <span>
                        Session token <i>- optional</i>
                      </span>
                    }
                    description="Only for temporary credentials (an access key ID that starts with ASIA)."
                  >
                    <Input type="password" value={sessionToken} onChange={({ detail }) => setSessionToken(detail.value)} autoComplete="off" />
                  </FormField>
                  <FormField label="Region">
                    <Select
                      selectedOption={regionOption}
                      onChange={({ detail }) => setRegion(detail.selectedOption.value ?? 'us-east-1')}
                      options={REGIONS.map((r) => ({ value: r.id, label: r.id, description: r.name }))}
                    />
                  </FormField>
                  {failure ? null : (
                    <Alert type="info">
                      On its first start, <code>openkms serve</code> prints the access key of the <code>admin</code> user and saves it in{' '}
                      <code>.openkms/credentials</code>. The key stays in this browser tab only (session storage).
                    </Alert>
                  )}
                </SpaceBetween>
              </Container>
            </Form>
          </form>
        </div>
      </Box>
    </main>
  );
}
