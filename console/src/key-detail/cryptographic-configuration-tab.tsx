// "Cryptographic configuration": key type, spec and usage, the algorithms the key offers, its origin, and for keys
// in a custom key store the key store and external key (shown when such keys exist).

import type { KeyMetadata } from '@aws-sdk/client-kms';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import { keyTypeLabel, originLabel, usageLabel } from '../keys/key-labels';

export function CryptographicConfigurationTab({ metadata: m }: { metadata: KeyMetadata }) {
  const algorithms = [
    ...(m.EncryptionAlgorithms?.length ? [{ label: 'Encryption algorithms', value: m.EncryptionAlgorithms.join(', ') }] : []),
    ...(m.SigningAlgorithms?.length ? [{ label: 'Signing algorithms', value: m.SigningAlgorithms.join(', ') }] : []),
    ...(m.MacAlgorithms?.length ? [{ label: 'MAC algorithms', value: m.MacAlgorithms.join(', ') }] : []),
    ...(m.KeyAgreementAlgorithms?.length ? [{ label: 'Key agreement algorithms', value: m.KeyAgreementAlgorithms.join(', ') }] : []),
  ];
  return (
    <Container header={<Header variant="h2">Cryptographic configuration</Header>}>
      <KeyValuePairs
        columns={3}
        items={[
          { label: 'Key type', value: keyTypeLabel(m) },
          { label: 'Key spec', value: m.KeySpec ?? '-' },
          { label: 'Key usage', value: usageLabel(m.KeyUsage) },
          ...algorithms,
          { label: 'Origin', value: originLabel(m.Origin) },
          ...(m.Origin === 'EXTERNAL' ? [{ label: 'Expiration model', value: m.ExpirationModel ?? '-' }] : []),
          ...(m.CustomKeyStoreId ? [{ label: 'Custom key store ID', value: m.CustomKeyStoreId }] : []),
          ...(m.XksKeyConfiguration?.Id ? [{ label: 'External key ID', value: m.XksKeyConfiguration.Id }] : []),
        ]}
      />
    </Container>
  );
}
