// "Create external key store" and "Edit" of an external key store: the name, Proxy connectivity (Public endpoint, the
// only one openkms offers), Proxy URI endpoint and path, and the proxy credential. The fields are checked by KMS
// itself (CreateCustomKeyStore / UpdateCustomKeyStore), whose exception the flash bar shows; the form only insists
// that required fields are filled. Editing sends only what changed, and the secret only when a new one is typed.

import { useState } from 'react';
import BreadcrumbGroup from '@cloudscape-design/components/breadcrumb-group';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import { CreateCustomKeyStoreCommand, UpdateCustomKeyStoreCommand, type CustomKeyStoresListEntry } from '@aws-sdk/client-kms';
import { useLoader } from '../common/use-loader';
import { followLink, href, navigate } from '../navigation/router';
import { useSession } from '../session/session-context';
import { useFlash } from '../shell/flash-messages';
import { describeKeyStore } from './load-key-stores';

interface Fields {
  name: string;
  uriEndpoint: string;
  uriPath: string;
  accessKeyId: string;
  secretAccessKey: string;
}

function fieldsOf(store: CustomKeyStoresListEntry | undefined): Fields {
  const proxy = store?.XksProxyConfiguration;
  return {
    name: store?.CustomKeyStoreName ?? '',
    uriEndpoint: proxy?.UriEndpoint ?? '',
    uriPath: proxy?.UriPath ?? '',
    accessKeyId: proxy?.AccessKeyId ?? '',
    secretAccessKey: '',
  };
}

export function CreateExternalKeyStorePage() {
  return <KeyStoreForm />;
}

export function EditExternalKeyStorePage({ storeId }: { storeId: string }) {
  const { kms } = useSession().clients;
  const store = useLoader(() => describeKeyStore(kms, storeId), [kms, storeId]);
  if (!store.value) return <Spinner size="large" />;
  return <KeyStoreForm store={store.value} />;
}

function KeyStoreForm({ store }: { store?: CustomKeyStoresListEntry }) {
  const { kms } = useSession().clients;
  const flash = useFlash();
  const original = fieldsOf(store);
  const [fields, setFields] = useState<Fields>(original);
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  const editing = store !== undefined;
  const set = (change: Partial<Fields>) => setFields((current) => ({ ...current, ...change }));
  // Editing keeps the current secret unless a new one is typed; a new access key ID needs its secret.
  const secretRequired = !editing || fields.accessKeyId.trim() !== original.accessKeyId;
  const missing = (value: string, required = true) => (showErrors && required && value.trim() === '' ? 'This field is required.' : undefined);
  const title = editing ? `Edit ${store.CustomKeyStoreName}` : 'Create external key store';

  const submit = async () => {
    const required = [fields.name, fields.uriEndpoint, fields.uriPath, fields.accessKeyId, ...(secretRequired ? [fields.secretAccessKey] : [])];
    if (required.some((value) => value.trim() === '')) {
      setShowErrors(true);
      return;
    }
    setBusy(true);
    try {
      const credential =
        fields.secretAccessKey !== '' ? { XksProxyAuthenticationCredential: { AccessKeyId: fields.accessKeyId.trim(), RawSecretAccessKey: fields.secretAccessKey } } : {};
      if (store) {
        const changed = (key: keyof Fields) => fields[key].trim() !== original[key];
        await kms.send(
          new UpdateCustomKeyStoreCommand({
            CustomKeyStoreId: store.CustomKeyStoreId!,
            ...(changed('name') ? { NewCustomKeyStoreName: fields.name.trim() } : {}),
            ...(changed('uriEndpoint') ? { XksProxyUriEndpoint: fields.uriEndpoint.trim() } : {}),
            ...(changed('uriPath') ? { XksProxyUriPath: fields.uriPath.trim() } : {}),
            ...credential,
          }),
        );
        flash.success(`The external key store ${fields.name.trim()} was updated.`, 'Success');
        navigate(`/custom-key-stores/external/${store.CustomKeyStoreId}`);
      } else {
        const created = await kms.send(
          new CreateCustomKeyStoreCommand({
            CustomKeyStoreName: fields.name.trim(),
            CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
            XksProxyConnectivity: 'PUBLIC_ENDPOINT',
            XksProxyUriEndpoint: fields.uriEndpoint.trim(),
            XksProxyUriPath: fields.uriPath.trim(),
            XksProxyAuthenticationCredential: { AccessKeyId: fields.accessKeyId.trim(), RawSecretAccessKey: fields.secretAccessKey },
          }),
        );
        flash.success(`The external key store ${fields.name.trim()} was created. Connect it before you create KMS keys in it.`, 'Success');
        navigate(`/custom-key-stores/external/${created.CustomKeyStoreId}`);
      }
    } catch (failure) {
      setBusy(false);
      flash.error(failure);
    }
  };

  return (
    <ContentLayout
      header={
        <SpaceBetween size="m">
          <BreadcrumbGroup
            ariaLabel="Breadcrumbs"
            onFollow={followLink}
            items={[
              { text: 'Key Management Service', href: href('/keys') },
              { text: 'External key stores', href: href('/custom-key-stores/external') },
              ...(store ? [{ text: store.CustomKeyStoreName!, href: href(`/custom-key-stores/external/${store.CustomKeyStoreId}`) }] : []),
              { text: editing ? 'Edit' : 'Create external key store', href: '#' },
            ]}
          />
          <Header variant="h1">{title}</Header>
        </SpaceBetween>
      }
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Form
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button
                formAction="none"
                variant="link"
                onClick={() => navigate(store ? `/custom-key-stores/external/${store.CustomKeyStoreId}` : '/custom-key-stores/external')}
              >
                Cancel
              </Button>
              <Button variant="primary" loading={busy}>
                {editing ? 'Save changes' : 'Create external key store'}
              </Button>
            </SpaceBetween>
          }
        >
          <SpaceBetween size="l">
            <Container header={<Header variant="h2">Key store configuration</Header>}>
              <FormField label="Key store name" description="A friendly name for the external key store, unique in this account and Region." errorText={missing(fields.name)}>
                <Input value={fields.name} onChange={({ detail }) => set({ name: detail.value })} />
              </FormField>
            </Container>
            <Container header={<Header variant="h2">Proxy connectivity</Header>}>
              <RadioGroup
                ariaLabel="Proxy connectivity"
                value="PUBLIC_ENDPOINT"
                items={[
                  { value: 'PUBLIC_ENDPOINT', label: 'Public endpoint', description: 'openkms reaches the external key store proxy over HTTPS at its URI endpoint.' },
                  { value: 'VPC_ENDPOINT_SERVICE', label: 'VPC endpoint service', description: 'Not available in openkms: there is no Amazon VPC.', disabled: true },
                ]}
              />
            </Container>
            <Container header={<Header variant="h2">Proxy configuration</Header>}>
              <SpaceBetween size="l">
                <FormField
                  label="Proxy URI endpoint"
                  description="The scheme and host of your external key store proxy, such as https://myproxy.xks.example.com."
                  errorText={missing(fields.uriEndpoint)}
                >
                  <Input value={fields.uriEndpoint} inputMode="url" onChange={({ detail }) => set({ uriEndpoint: detail.value })} />
                </FormField>
                <FormField
                  label="Proxy URI path"
                  description="The path of the proxy APIs, ending in /kms/xks/v1, such as /example-prefix/kms/xks/v1."
                  errorText={missing(fields.uriPath)}
                >
                  <Input value={fields.uriPath} onChange={({ detail }) => set({ uriPath: detail.value })} />
                </FormField>
              </SpaceBetween>
            </Container>
            <Container
              header={
                <Header variant="h2" description="The credential openkms signs its requests to the proxy with. The proxy must accept it.">
                  Proxy credential
                </Header>
              }
            >
              <SpaceBetween size="l">
                <FormField label="Proxy credential: Access key ID" errorText={missing(fields.accessKeyId)}>
                  <Input value={fields.accessKeyId} onChange={({ detail }) => set({ accessKeyId: detail.value })} />
                </FormField>
                <FormField
                  label="Proxy credential: Secret access key"
                  {...(editing ? { description: 'Leave it empty to keep the current secret.' } : {})}
                  errorText={missing(fields.secretAccessKey, secretRequired)}
                >
                  <Input type="password" value={fields.secretAccessKey} onChange={({ detail }) => set({ secretAccessKey: detail.value })} />
                </FormField>
              </SpaceBetween>
            </Container>
          </SpaceBetween>
        </Form>
      </form>
    </ContentLayout>
  );
}
