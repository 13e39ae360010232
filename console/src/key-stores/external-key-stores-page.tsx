// "Custom key stores" → "External key stores": openkms has no custom key stores yet, so the page says so instead of
// offering actions that would all fail with UnsupportedOperationException.

import Alert from '@cloudscape-design/components/alert';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';

export function ExternalKeyStoresPage() {
  return (
    <ContentLayout header={<Header variant="h1">External key stores</Header>}>
      <Alert type="info" header="External key stores are not available yet">
        openkms does not implement custom key stores yet (CreateCustomKeyStore and the other key store operations answer
        UnsupportedOperationException). When they land, this page will create, connect, disconnect, edit and delete external key stores, and create
        KMS keys in them.
      </Alert>
    </ContentLayout>
  );
}
