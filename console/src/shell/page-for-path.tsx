// The route table: which page a path under /console shows. Paths follow the AWS console's (keys, a key by id, its
// import page, aliases, external key stores with their create, detail and edit pages, event history); anything else
// shows the key list.

import { AliasesPage } from '../aliases/aliases-page';
import { CreateKeyWizard } from '../create-key/create-key-wizard';
import { EventHistoryPage } from '../event-history/event-history-page';
import { ImportKeyMaterialPage } from '../import/import-key-material-page';
import { KeyDetailPage } from '../key-detail/key-detail-page';
import { ExternalKeyStoreDetailPage } from '../key-stores/external-key-store-detail-page';
import { ExternalKeyStoresPage } from '../key-stores/external-key-stores-page';
import { CreateExternalKeyStorePage, EditExternalKeyStorePage } from '../key-stores/key-store-form';
import { KeysPage } from '../keys/keys-page';

/** A path segment as typed; one that is not valid percent-encoding is taken as it is (KMS then refuses the ID). */
function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function PageForPath({ path }: { path: string }) {
  if (path === '/keys/create') return <CreateKeyWizard />;
  const importMatch = /^\/keys\/([^/]+)\/import$/.exec(path);
  if (importMatch) return <ImportKeyMaterialPage keyId={segment(importMatch[1]!)} />;
  const keyMatch = /^\/keys\/([^/]+)$/.exec(path);
  if (keyMatch) return <KeyDetailPage keyId={segment(keyMatch[1]!)} />;
  if (path.startsWith('/aliases')) return <AliasesPage />;
  if (path === '/custom-key-stores/external/create') return <CreateExternalKeyStorePage />;
  const storeMatch = /^\/custom-key-stores\/external\/([^/]+)(\/edit)?$/.exec(path);
  if (storeMatch) {
    const storeId = segment(storeMatch[1]!);
    return storeMatch[2] ? <EditExternalKeyStorePage storeId={storeId} /> : <ExternalKeyStoreDetailPage storeId={storeId} />;
  }
  if (path.startsWith('/custom-key-stores')) return <ExternalKeyStoresPage />;
  if (path.startsWith('/event-history')) return <EventHistoryPage />;
  return <KeysPage />;
}
