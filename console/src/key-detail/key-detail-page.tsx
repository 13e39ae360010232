// A key's page: its header with "Key actions", General configuration, and the tabs of the AWS console (Key policy,
// Cryptographic configuration, Tags, Key rotation, Aliases, and Public key or Key material where they apply).

import { useState } from 'react';
import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import BreadcrumbGroup from '@cloudscape-design/components/breadcrumb-group';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import Tabs from '@cloudscape-design/components/tabs';
import { useLoader } from '../common/use-loader';
import { KeyActions } from '../keys/key-actions';
import { isAsymmetric } from '../keys/key-labels';
import { listAllAliases } from '../keys/load-keys';
import { followLink, href } from '../navigation/router';
import { useSession } from '../session/session-context';
import { AliasesTab } from './aliases-tab';
import { CryptographicConfigurationTab } from './cryptographic-configuration-tab';
import { GeneralConfiguration } from './general-configuration';
import { KeyMaterialTab } from './key-material-tab';
import { KeyPolicyTab } from './key-policy-tab';
import { KeyRotationTab } from './key-rotation-tab';
import { PublicKeyTab } from './public-key-tab';
import { TagsTab } from './tags-tab';

export function KeyDetailPage({ keyId }: { keyId: string }) {
  const { kms } = useSession().clients;
  const [tab, setTab] = useState('key-policy');
  const key = useLoader(async () => {
    const [described, aliases] = await Promise.all([kms.send(new DescribeKeyCommand({ KeyId: keyId })), listAllAliases(kms, keyId)]);
    return { metadata: described.KeyMetadata!, aliases: aliases.map((a) => a.AliasName!).sort() };
  }, [kms, keyId]);
  const metadata = key.value?.metadata;
  const name = key.value?.aliases[0]?.replace(/^alias\//, '') ?? keyId;
  const tabs = metadata
    ? [
        { id: 'key-policy', label: 'Key policy', content: <KeyPolicyTab metadata={metadata} /> },
        { id: 'cryptographic-configuration', label: 'Cryptographic configuration', content: <CryptographicConfigurationTab metadata={metadata} /> },
        { id: 'tags', label: 'Tags', content: <TagsTab keyId={keyId} /> },
        ...(metadata.KeySpec === 'SYMMETRIC_DEFAULT' ? [{ id: 'key-rotation', label: 'Key rotation', content: <KeyRotationTab metadata={metadata} onChanged={key.reload} /> }] : []),
        ...(metadata.Origin === 'EXTERNAL' ? [{ id: 'key-material', label: 'Key material', content: <KeyMaterialTab metadata={metadata} onChanged={key.reload} /> }] : []),
        ...(isAsymmetric(metadata) ? [{ id: 'public-key', label: 'Public key', content: <PublicKeyTab metadata={metadata} /> }] : []),
        { id: 'aliases', label: 'Aliases', content: <AliasesTab keyId={keyId} aliases={key.value!.aliases} onChanged={key.reload} /> },
      ]
    : [];
  return (
    <ContentLayout
      header={
        <SpaceBetween size="m">
          <BreadcrumbGroup
            ariaLabel="Breadcrumbs"
            onFollow={followLink}
            items={[
              { text: 'Key Management Service', href: href('/keys') },
              { text: 'Customer managed keys', href: href('/keys') },
              { text: name, href: href(`/keys/${keyId}`) },
            ]}
          />
          <Header variant="h1" actions={<KeyActions metadata={metadata} keyName={name} onChanged={key.reload} />}>
            {name}
          </Header>
        </SpaceBetween>
      }
    >
      {metadata === undefined ? (
        key.loading ? (
          <Spinner size="large" />
        ) : null
      ) : (
        <SpaceBetween size="l">
          <GeneralConfiguration metadata={metadata} aliases={key.value!.aliases} onChanged={key.reload} />
          <Tabs tabs={tabs} activeTabId={tabs.some((t) => t.id === tab) ? tab : 'key-policy'} onChange={({ detail }) => setTab(detail.activeTabId)} ariaLabel="Key details" />
        </SpaceBetween>
      )}
    </ContentLayout>
  );
}
