// "Import key material" for a key of origin External, in the guide's order: choose the wrapping key spec and
// algorithm, download the wrapping public key and import token (GetParametersForImport), then upload the encrypted key
// material and the import token with an expiration choice (ImportKeyMaterial).

import { useState } from 'react';
import { DescribeKeyCommand, GetParametersForImportCommand, ImportKeyMaterialCommand, type AlgorithmSpec, type WrappingKeySpec } from '@aws-sdk/client-kms';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import DatePicker from '@cloudscape-design/components/date-picker';
import FileUpload from '@cloudscape-design/components/file-upload';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import RadioGroup from '@cloudscape-design/components/radio-group';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { downloadFile } from '../common/download';
import { stateLabel } from '../keys/key-labels';
import { useLoader } from '../common/use-loader';
import { navigate } from '../navigation/router';
import { useSession } from '../session/session-context';
import { useFlash } from '../shell/flash-messages';
import { wrappingChoices } from './wrapping-choices';

const FILE_STRINGS = {
  uploadButtonText: () => 'Choose file',
  dropzoneText: () => 'Drop file to upload',
  removeFileAriaLabel: (_index: number, name: string) => `Remove file ${name}`,
  limitShowFewer: 'Show fewer files',
  limitShowMore: 'Show more files',
  errorIconAriaLabel: 'Error',
  warningIconAriaLabel: 'Warning',
};

/** The expiration date chosen, as the end of that day in UTC; undefined when it is not a date from tomorrow on. */
export function expirationDate(text: string, now = new Date()): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59));
  return Number.isNaN(date.getTime()) || date.getTime() <= now.getTime() ? undefined : date;
}

export function ImportKeyMaterialPage({ keyId }: { keyId: string }) {
  const session = useSession();
  const { kms } = session.clients;
  const flash = useFlash();
  const key = useLoader(async () => (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!, [kms, keyId]);
  const choices = wrappingChoices(key.value?.KeySpec ?? 'SYMMETRIC_DEFAULT', session.credentials.region);
  const [wrappingKeySpec, setWrappingKeySpec] = useState('RSA_4096');
  const [algorithm, setAlgorithm] = useState<string | undefined>();
  const chosenAlgorithm = algorithm && choices.algorithms.includes(algorithm) ? algorithm : choices.algorithms[0]!;
  const [parametersValidTo, setParametersValidTo] = useState<Date | undefined>();
  const [downloading, setDownloading] = useState(false);
  const [material, setMaterial] = useState<File[]>([]);
  const [token, setToken] = useState<File[]>([]);
  const [expires, setExpires] = useState(false);
  const [validTo, setValidTo] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [importing, setImporting] = useState(false);

  const download = async () => {
    setDownloading(true);
    try {
      const answer = await kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingKeySpec: wrappingKeySpec as WrappingKeySpec, WrappingAlgorithm: chosenAlgorithm as AlgorithmSpec }));
      downloadFile('WrappingPublicKey.bin', answer.PublicKey!);
      downloadFile('ImportToken.bin', answer.ImportToken!);
      setParametersValidTo(answer.ParametersValidTo);
    } catch (error) {
      flash.error(error);
    } finally {
      setDownloading(false);
    }
  };

  const expiry = expires ? expirationDate(validTo) : undefined;
  const upload = async () => {
    setSubmitted(true);
    if (material.length !== 1 || token.length !== 1 || (expires && expiry === undefined)) return;
    setImporting(true);
    const done = flash.progress('Importing the key material.');
    try {
      await kms.send(
        new ImportKeyMaterialCommand({
          KeyId: keyId,
          EncryptedKeyMaterial: new Uint8Array(await material[0]!.arrayBuffer()),
          ImportToken: new Uint8Array(await token[0]!.arrayBuffer()),
          ExpirationModel: expires ? 'KEY_MATERIAL_EXPIRES' : 'KEY_MATERIAL_DOES_NOT_EXPIRE',
          ...(expiry ? { ValidTo: expiry } : {}),
        }),
      );
      done();
      flash.success('The key material was imported. The key is now enabled.', 'Success');
      navigate(`/keys/${keyId}`);
    } catch (error) {
      done();
      flash.error(error);
      setImporting(false);
    }
  };

  return (
    <ContentLayout header={<Header variant="h1" description={`Key ID: ${keyId}`}>Import key material</Header>}>
      <Form
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={() => navigate(`/keys/${keyId}`)}>
              Cancel
            </Button>
            <Button variant="primary" loading={importing} onClick={() => void upload()}>
              Upload key material
            </Button>
          </SpaceBetween>
        }
      >
        <SpaceBetween size="l">
          <Container
            header={
              <Header variant="h2" description="Choose the wrapping key spec and algorithm, then download the wrapping public key and the import token. Both are valid for 24 hours.">
                Download wrapping public key and import token
              </Header>
            }
          >
            <SpaceBetween size="l">
              <KeyValuePairs columns={2} items={[{ label: 'Key spec', value: key.value?.KeySpec ?? '-' }, { label: 'Status', value: stateLabel(key.value?.KeyState) }]} />
              <FormField label="Wrapping key spec">
                <Select
                  selectedOption={{ value: wrappingKeySpec, label: wrappingKeySpec }}
                  onChange={({ detail }) => setWrappingKeySpec(detail.selectedOption.value!)}
                  options={choices.keySpecs.map((value) => ({ value, label: value }))}
                />
              </FormField>
              <FormField label="Wrapping algorithm" description={choices.note}>
                <Select
                  selectedOption={{ value: chosenAlgorithm, label: chosenAlgorithm }}
                  onChange={({ detail }) => setAlgorithm(detail.selectedOption.value!)}
                  options={choices.algorithms.map((value) => ({ value, label: value }))}
                />
              </FormField>
              <Button iconName="download" loading={downloading} onClick={() => void download()}>
                Download wrapping public key and import token
              </Button>
              {parametersValidTo ? (
                <Box>
                  Downloaded WrappingPublicKey.bin and ImportToken.bin. They expire on {parametersValidTo.toUTCString()}. Encrypt your key material with the
                  wrapping public key and the algorithm you chose, then upload it below.
                </Box>
              ) : null}
            </SpaceBetween>
          </Container>
          <Container header={<Header variant="h2">Upload encrypted key material</Header>}>
            <SpaceBetween size="l">
              <FormField label="Wrapped key material" errorText={submitted && material.length !== 1 ? 'Choose the file of encrypted key material.' : undefined}>
                <FileUpload value={material} onChange={({ detail }) => setMaterial(detail.value)} i18nStrings={FILE_STRINGS} showFileSize />
              </FormField>
              <FormField label="Import token" errorText={submitted && token.length !== 1 ? 'Choose the import token file.' : undefined}>
                <FileUpload value={token} onChange={({ detail }) => setToken(detail.value)} i18nStrings={FILE_STRINGS} showFileSize />
              </FormField>
              <FormField label="Key material expiration">
                <RadioGroup
                  value={expires ? 'expires' : 'never'}
                  onChange={({ detail }) => setExpires(detail.value === 'expires')}
                  items={[
                    { value: 'never', label: 'Key material does not expire' },
                    { value: 'expires', label: 'Key material expires', description: 'openkms deletes the key material at the end of the day you choose (UTC), at most 365 days ahead.' },
                  ]}
                />
              </FormField>
              {expires ? (
                <FormField label="Expiration date" constraintText="Use YYYY/MM/DD format." errorText={submitted && expiry === undefined ? 'Choose a date after today.' : undefined}>
                  <DatePicker
                    value={validTo}
                    onChange={({ detail }) => setValidTo(detail.value)}
                    placeholder="YYYY/MM/DD"
                    openCalendarAriaLabel={(selected) => `Choose expiration date${selected ? `, selected date is ${selected}` : ''}`}
                    isDateEnabled={(date) => date.getTime() > Date.now()}
                  />
                </FormField>
              ) : null}
            </SpaceBetween>
          </Container>
        </SpaceBetween>
      </Form>
    </ContentLayout>
  );
}
