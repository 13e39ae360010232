// The Create key wizard: Configure key, Add labels, Define key administrative permissions, Define key usage
// permissions, Review. "Finish" calls CreateKey with the (possibly edited) key policy and then CreateAlias; a key for
// imported key material goes straight on to its import page. Opened with ?customKeyStoreId= (from an external key
// store's page), it starts with that store chosen.

import { useEffect, useMemo, useState } from 'react';
import Wizard from '@cloudscape-design/components/wizard';
import { CreateAliasCommand, CreateKeyCommand, type KeySpec, type KeyUsageType, type OriginType } from '@aws-sdk/client-kms';
import { listAllAliases } from '../keys/load-keys';
import { navigate } from '../navigation/router';
import { useSession } from '../session/session-context';
import { useFlash } from '../shell/flash-messages';
import { partitionOf } from '../shell/regions';
import { apiErrorText } from '../common/api-error';
import { fullAliasName } from './alias-name';
import { ConfigureKeyStep } from './configure-key-step';
import { listIamPrincipals, withListed } from './iam-principals';
import { consoleKeyPolicy } from './console-key-policy';
import { LabelsStep } from './labels-step';
import { AdministratorsStep, UsagePermissionsStep } from './permissions-steps';
import { ReviewStep } from './review-step';
import { initialWizardState, principalForCaller, stepError, type WizardState } from './wizard-state';

export function CreateKeyWizard() {
  const session = useSession();
  const flash = useFlash();
  const region = session.credentials.region;
  const caller = session.identity ? principalForCaller(session.identity.arn) : undefined;
  const [state, setState] = useState<WizardState>(() => initialWizardState(caller, new URLSearchParams(window.location.search).get('customKeyStoreId') ?? undefined));
  const [step, setStep] = useState(0);
  const [showErrors, setShowErrors] = useState(false);
  const [creating, setCreating] = useState(false);

  // The account's IAM users and roles join the tables when they arrive; this is no choice of the user's, so it keeps
  // an edited policy as it is.
  const { iam } = session.clients;
  useEffect(() => {
    let current = true;
    listIamPrincipals(iam).then(
      (listed) => current && setState((s) => ({ ...s, knownPrincipals: withListed(s.knownPrincipals, listed), iamListing: { state: 'listed' } })),
      (failure: unknown) => {
        const { name, message } = apiErrorText(failure);
        if (current) setState((s) => ({ ...s, iamListing: { state: 'refused', reason: `${name}: ${message}` } }));
      },
    );
    return () => {
      current = false;
    };
  }, [iam]);

  // Any change before the Review step makes the console generate the policy again, as AWS's wizard does.
  const update = (change: Partial<WizardState>) => setState((current) => ({ ...current, ...('editedPolicy' in change ? {} : { editedPolicy: undefined }), ...change }));
  const generatedPolicy = useMemo(
    () =>
      JSON.stringify(
        consoleKeyPolicy({
          partition: partitionOf(region),
          accountId: session.identity?.account ?? '',
          keySpec: state.keySpec,
          keyUsage: state.keyUsage,
          origin: state.origin,
          administrators: state.administrators,
          allowAdministratorsToDelete: state.allowAdministratorsToDelete,
          users: state.users,
          otherAccounts: state.otherAccounts.map((a) => a.trim()),
        }),
        null,
        4,
      ),
    [region, session.identity, state],
  );
  const policyText = state.editedPolicy ?? generatedPolicy;

  const finish = async () => {
    const error = stepError(state, 4, policyText);
    if (error) {
      setShowErrors(true);
      return;
    }
    setCreating(true);
    const done = flash.progress(state.keySpec.startsWith('RSA_') ? 'Creating the key: an RSA key pair takes a few seconds.' : 'Creating the key.');
    const { kms } = session.clients;
    const alias = fullAliasName(state.alias);
    let keyId: string | undefined;
    try {
      // CreateAlias would refuse a taken alias only after CreateKey: ask first, so that no key is left without one.
      const taken = (await listAllAliases(kms)).find((entry) => entry.AliasName === alias);
      if (taken) {
        done();
        setCreating(false);
        flash.error(Object.assign(new Error(`An alias with the name ${taken.AliasArn} already exists`), { name: 'AlreadyExistsException' }));
        setStep(1);
        return;
      }
      const created = await kms.send(
        new CreateKeyCommand({
          KeySpec: state.keySpec as KeySpec,
          KeyUsage: state.keyUsage as KeyUsageType,
          Origin: state.origin as OriginType,
          MultiRegion: state.multiRegion,
          ...(state.origin === 'EXTERNAL_KEY_STORE' ? { CustomKeyStoreId: state.customKeyStoreId, XksKeyId: state.xksKeyId.trim() } : {}),
          Policy: policyText,
          ...(state.description ? { Description: state.description } : {}),
          ...(state.tags.length ? { Tags: state.tags.map((tag) => ({ TagKey: tag.key.trim(), TagValue: tag.value })) } : {}),
        }),
      );
      keyId = created.KeyMetadata!.KeyId!;
      await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }));
      done();
      flash.success(`Your AWS KMS key was created with alias ${alias} and key ID ${keyId}.`, 'Success');
      navigate(state.origin === 'EXTERNAL' ? `/keys/${keyId}/import` : `/keys/${keyId}`);
    } catch (failure) {
      done();
      setCreating(false);
      flash.error(failure);
      // The key exists even if its alias was refused: show it rather than leave the user to create a second one.
      if (keyId) navigate(`/keys/${keyId}`);
    }
  };

  const stepProps = { state, update, showErrors };
  return (
    <Wizard
      i18nStrings={{
        stepNumberLabel: (n) => `Step ${n}`,
        collapsedStepsLabel: (n, total) => `Step ${n} of ${total}`,
        navigationAriaLabel: 'Steps',
        cancelButton: 'Cancel',
        previousButton: 'Previous',
        nextButton: 'Next',
        submitButton: 'Finish',
        optional: 'optional',
      }}
      activeStepIndex={step}
      isLoadingNextStep={creating}
      onCancel={() => navigate('/keys')}
      onSubmit={() => void finish()}
      onNavigate={({ detail }) => {
        if (detail.requestedStepIndex > step) {
          for (let s = step; s < detail.requestedStepIndex; s++) {
            if (stepError(state, s, policyText)) {
              setShowErrors(true);
              setStep(s);
              return;
            }
          }
        }
        setShowErrors(false);
        setStep(detail.requestedStepIndex);
      }}
      steps={[
        { title: 'Configure key', content: <ConfigureKeyStep {...stepProps} region={region} />, errorText: showErrors && step === 0 ? stepError(state, 0, policyText) : undefined },
        { title: 'Add labels', content: <LabelsStep {...stepProps} />, errorText: showErrors && step === 1 ? stepError(state, 1, policyText) : undefined },
        { title: 'Define key administrative permissions', content: <AdministratorsStep {...stepProps} />, isOptional: true },
        {
          title: 'Define key usage permissions',
          content: <UsagePermissionsStep {...stepProps} partition={partitionOf(region)} />,
          isOptional: true,
          errorText: showErrors && step === 3 ? stepError(state, 3, policyText) : undefined,
        },
        {
          title: 'Review',
          content: <ReviewStep state={state} policyText={policyText} update={update} goToStep={setStep} />,
          errorText: showErrors && step === 4 ? stepError(state, 4, policyText) : undefined,
        },
      ]}
    />
  );
}
