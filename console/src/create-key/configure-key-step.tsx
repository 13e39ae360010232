// Step 1 of Create key, "Configure key": Key type, Key usage, Key spec, and under Advanced options the Key material
// origin (with the imported-key acknowledgement, or the external key store and external key) and Regionality.

import Alert from '@cloudscape-design/components/alert';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Tiles from '@cloudscape-design/components/tiles';
import { ExternalKeyStoreChoice } from './external-key-store-choice';
import { canImportKeyMaterial, defaultKeySpec, KEY_TYPES, keySpecsFor, usagesFor, type KeyType, type KeyUsage } from './key-spec-choices';
import type { Origin, WizardState } from './wizard-state';

export function ConfigureKeyStep(props: { state: WizardState; region: string; update(change: Partial<WizardState>): void; showErrors: boolean }) {
  const { state, update } = props;
  const specs = keySpecsFor(state.keyType, state.keyUsage, props.region);
  const importable = canImportKeyMaterial(state.keySpec);
  // Only symmetric encryption keys can live in an external key store.
  const externalKeyStorePossible = state.keySpec === 'SYMMETRIC_DEFAULT' && state.keyUsage === 'ENCRYPT_DECRYPT';
  const withSpec = (keyType: KeyType, keyUsage: KeyUsage) => {
    const keySpec = defaultKeySpec(keyType, keyUsage);
    const keepOrigin = state.origin !== 'EXTERNAL_KEY_STORE' || (keySpec === 'SYMMETRIC_DEFAULT' && keyUsage === 'ENCRYPT_DECRYPT');
    return { keyType, keyUsage, keySpec, ...(keepOrigin ? {} : { origin: 'AWS_KMS' as Origin }) };
  };
  const chooseType = (keyType: KeyType) => update(withSpec(keyType, 'ENCRYPT_DECRYPT'));
  const chooseUsage = (keyUsage: KeyUsage) => update(withSpec(state.keyType, keyUsage));
  return (
    <Container header={<Header variant="h2">Key configuration</Header>}>
      <SpaceBetween size="l">
        <FormField label="Key type">
          <Tiles value={state.keyType} onChange={({ detail }) => chooseType(detail.value as KeyType)} items={KEY_TYPES.map((t) => ({ ...t }))} columns={2} />
        </FormField>
        <FormField label="Key usage">
          <RadioGroup value={state.keyUsage} onChange={({ detail }) => chooseUsage(detail.value as KeyUsage)} items={usagesFor(state.keyType)} />
        </FormField>
        {specs.length > 1 ? (
          <FormField label="Key spec">
            <RadioGroup value={state.keySpec} onChange={({ detail }) => update({ keySpec: detail.value })} items={specs} />
          </FormField>
        ) : null}
        <ExpandableSection headerText="Advanced options" defaultExpanded={state.origin !== 'AWS_KMS' || state.multiRegion}>
          <SpaceBetween size="l">
            <FormField label="Key material origin" description="Choose where the key material comes from. You cannot change it after the key is created.">
              <RadioGroup
                value={state.origin}
                onChange={({ detail }) =>
                  update({
                    origin: detail.value as Origin,
                    importAcknowledged: false,
                    externalKeyStoreAcknowledged: false,
                    ...(detail.value === 'EXTERNAL_KEY_STORE' ? { multiRegion: false } : {}),
                  })
                }
                items={[
                  { value: 'AWS_KMS', label: 'KMS - recommended', description: 'openkms creates and manages the key material.' },
                  {
                    value: 'EXTERNAL',
                    label: 'External (Import Key material)',
                    description: importable ? 'You import your own key material into the key.' : `Key material cannot be imported into a ${state.keySpec} key.`,
                    disabled: !importable,
                  },
                  {
                    value: 'EXTERNAL_KEY_STORE',
                    label: 'External key store',
                    description: externalKeyStorePossible
                      ? 'The key material is an external key in your external key manager, outside openkms.'
                      : 'Only a symmetric encryption key can be created in an external key store.',
                    disabled: !externalKeyStorePossible,
                  },
                ]}
              />
            </FormField>
            {state.origin === 'EXTERNAL' ? (
              <SpaceBetween size="s">
                <Alert type="warning">
                  When you import key material, you are responsible for it: keep a copy outside openkms. Deleted or expired key material can only be
                  restored by importing the same key material again.
                </Alert>
                <FormField errorText={props.showErrors && !state.importAcknowledged ? 'You must confirm to create a key for imported key material.' : undefined}>
                  <Checkbox checked={state.importAcknowledged} onChange={({ detail }) => update({ importAcknowledged: detail.checked })}>
                    I understand the security, availability, and durability implications of using an imported key
                  </Checkbox>
                </FormField>
              </SpaceBetween>
            ) : null}
            {state.origin === 'EXTERNAL_KEY_STORE' ? <ExternalKeyStoreChoice state={state} update={update} showErrors={props.showErrors} /> : null}
            <FormField label="Regionality">
              <RadioGroup
                value={state.multiRegion ? 'multi' : 'single'}
                onChange={({ detail }) => update({ multiRegion: detail.value === 'multi' })}
                items={[
                  { value: 'single', label: 'Single-Region key', description: 'Never allow this key to be replicated into other Regions.' },
                  {
                    value: 'multi',
                    label: 'Multi-Region key',
                    description: 'Allow this key to be replicated into other Regions.',
                    disabled: state.origin === 'EXTERNAL_KEY_STORE',
                  },
                ]}
              />
            </FormField>
          </SpaceBetween>
        </ExpandableSection>
      </SpaceBetween>
    </Container>
  );
}
