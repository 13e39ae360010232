// An external key store's page: its configuration and connection state (with the connection error code when it
// failed), "Key store actions" (Connect, Disconnect, Edit, Delete) and "Create a KMS key in this key store", which
// opens the Create key wizard with the store chosen (AWS's recommended method) once the store is connected.

import { useEffect, useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import BreadcrumbGroup from '@cloudscape-design/components/breadcrumb-group';
import Button from '@cloudscape-design/components/button';
import ButtonDropdown from '@cloudscape-design/components/button-dropdown';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { DeleteCustomKeyStoreCommand, DisconnectCustomKeyStoreCommand, type CustomKeyStoresListEntry } from '@aws-sdk/client-kms';
import { useLoader } from '../common/use-loader';
import { followLink, href, navigate } from '../navigation/router';
import { useSession } from '../session/session-context';
import { useFlash } from '../shell/flash-messages';
import { connectionState, connectivityLabel } from './key-store-labels';
import { connectAndWait, describeKeyStore } from './load-key-stores';

/** The wizard's path for a key in this store. */
export function createKeyInStorePath(storeId: string): string {
  return `/keys/create?customKeyStoreId=${encodeURIComponent(storeId)}`;
}

type Dialog = 'delete' | 'connect-first' | undefined;

export function ExternalKeyStoreDetailPage({ storeId }: { storeId: string }) {
  const { kms } = useSession().clients;
  const flash = useFlash();
  const store = useLoader(() => describeKeyStore(kms, storeId), [kms, storeId]);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<Dialog>();
  const value = store.value;
  const state = value?.ConnectionState;

  // A store another tab (or the CLI) is connecting: look again until it settles.
  useEffect(() => {
    if (state !== 'CONNECTING' && state !== 'DISCONNECTING') return;
    const timer = setTimeout(store.reload, 1000);
    return () => clearTimeout(timer);
  }, [state, store.reload, value]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (failure) {
      flash.error(failure);
    } finally {
      setBusy(false);
      store.reload();
    }
  };
  const connect = (then?: () => void) =>
    run(async () => {
      const done = flash.progress(`Connecting ${value?.CustomKeyStoreName ?? storeId}.`);
      try {
        const settled = await connectAndWait(kms, storeId);
        if (settled.ConnectionState === 'CONNECTED') {
          flash.success(`The external key store ${settled.CustomKeyStoreName} is connected.`, 'Success');
          then?.();
        } else if (settled.ConnectionState === 'CONNECTING') {
          flash.success(`The external key store ${settled.CustomKeyStoreName} is still connecting. Its page shows when it is done.`);
        } else {
          flash.error(
            Object.assign(new Error(`The external key store ${settled.CustomKeyStoreName} did not connect. Connection error code: ${settled.ConnectionErrorCode ?? 'none'}.`), {
              name: 'Connection failed',
            }),
          );
        }
      } finally {
        done();
      }
    });
  const disconnect = () =>
    run(async () => {
      await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
      flash.success(`The external key store ${value?.CustomKeyStoreName ?? storeId} is disconnected.`, 'Success');
    });
  // The dialog closes either way: a refusal (the store holds keys, or is not disconnected) shows in the flash bar.
  const remove = () =>
    run(async () => {
      setDialog(undefined);
      await kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
      flash.success(`The external key store ${value?.CustomKeyStoreName ?? storeId} was deleted.`, 'Success');
      navigate('/custom-key-stores/external');
    });

  const createKey = () => {
    if (state === 'CONNECTED') navigate(createKeyInStorePath(storeId));
    else setDialog('connect-first');
  };

  const name = value?.CustomKeyStoreName ?? storeId;
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
              { text: name, href: href(`/custom-key-stores/external/${storeId}`) },
            ]}
          />
          <Header
            variant="h1"
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh" onClick={store.reload} />
                <ButtonDropdown
                  disabled={!value || busy}
                  onItemClick={({ detail }) => {
                    if (detail.id === 'connect') void connect();
                    else if (detail.id === 'disconnect') void disconnect();
                    else if (detail.id === 'edit') navigate(`/custom-key-stores/external/${storeId}/edit`);
                    else if (detail.id === 'delete') setDialog('delete');
                  }}
                  items={[
                    { id: 'connect', text: 'Connect', disabled: state !== 'DISCONNECTED' && state !== 'FAILED' },
                    { id: 'disconnect', text: 'Disconnect', disabled: state !== 'CONNECTED' && state !== 'FAILED' && state !== 'CONNECTING' },
                    { id: 'edit', text: 'Edit' },
                    { id: 'delete', text: 'Delete', disabled: state !== 'DISCONNECTED' },
                  ]}
                >
                  Key store actions
                </ButtonDropdown>
                <Button variant="primary" disabled={!value || busy} onClick={createKey}>
                  Create a KMS key in this key store
                </Button>
              </SpaceBetween>
            }
          >
            {name}
          </Header>
        </SpaceBetween>
      }
    >
      {value ? <KeyStoreConfiguration store={value} /> : <Spinner size="large" />}
      {dialog === 'delete' ? (
        <Modal
          visible
          onDismiss={() => setDialog(undefined)}
          header="Delete external key store"
          closeAriaLabel="Close"
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setDialog(undefined)}>
                  Cancel
                </Button>
                <Button variant="primary" loading={busy} onClick={() => void remove()}>
                  Delete
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          <SpaceBetween size="m">
            <Alert type="warning">
              Deleting an external key store deletes its configuration from openkms. You can delete it only when it is disconnected and holds no KMS
              keys; it has no effect on the external keys in your external key manager.
            </Alert>
            <Box>
              External key store: <strong>{name}</strong>
            </Box>
          </SpaceBetween>
        </Modal>
      ) : null}
      {dialog === 'connect-first' ? (
        <Modal
          visible
          onDismiss={() => setDialog(undefined)}
          header="Connect the external key store"
          closeAriaLabel="Close"
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setDialog(undefined)}>
                  Cancel
                </Button>
                <Button
                  variant="primary"
                  loading={busy}
                  onClick={() => {
                    setDialog(undefined);
                    void connect(() => navigate(createKeyInStorePath(storeId)));
                  }}
                >
                  Connect
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          The external key store {name} is not connected. You can create KMS keys only in a connected external key store: connect it now?
        </Modal>
      ) : null}
    </ContentLayout>
  );
}

function KeyStoreConfiguration({ store }: { store: CustomKeyStoresListEntry }) {
  const state = connectionState(store.ConnectionState);
  const proxy = store.XksProxyConfiguration;
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">General configuration</Header>}>
        <KeyValuePairs
          columns={3}
          items={[
            { label: 'Custom key store name', value: store.CustomKeyStoreName ?? '-' },
            { label: 'Custom key store ID', value: store.CustomKeyStoreId ?? '-' },
            { label: 'Custom key store type', value: 'External key store' },
            { label: 'Connection state', value: <StatusIndicator type={state.type}>{state.label}</StatusIndicator> },
            { label: 'Connection error code', value: store.ConnectionErrorCode ?? '-' },
            { label: 'Creation date', value: store.CreationDate?.toUTCString() ?? '-' },
          ]}
        />
      </Container>
      <Container header={<Header variant="h2">Proxy configuration</Header>}>
        <KeyValuePairs
          columns={2}
          items={[
            { label: 'Proxy connectivity', value: connectivityLabel(proxy?.Connectivity) },
            { label: 'Proxy URI endpoint', value: proxy?.UriEndpoint ?? '-' },
            { label: 'Proxy URI path', value: proxy?.UriPath ?? '-' },
            { label: 'Proxy credential: Access key ID', value: proxy?.AccessKeyId ?? '-' },
          ]}
        />
      </Container>
    </SpaceBetween>
  );
}
