// "Public key" of an asymmetric key: the public key as PEM (GetPublicKey), with "Download" to save it as a file.

import { GetPublicKeyCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Textarea from '@cloudscape-design/components/textarea';
import { downloadFile, pem } from '../common/download';
import { useLoader } from '../common/use-loader';
import { useSession } from '../session/session-context';

export function PublicKeyTab({ metadata }: { metadata: KeyMetadata }) {
  const { kms } = useSession().clients;
  const publicKey = useLoader(
    async () => {
      if (metadata.KeyState === 'PendingImport') return undefined;
      const answer = await kms.send(new GetPublicKeyCommand({ KeyId: metadata.KeyId! }));
      return pem('PUBLIC KEY', answer.PublicKey!);
    },
    [kms, metadata.KeyId, metadata.KeyState],
  );
  return (
    <Container
      header={
        <Header
          variant="h2"
          description="The public key of this key pair, in PEM format (X.509 SubjectPublicKeyInfo)."
          actions={
            <Button iconName="download" disabled={!publicKey.value} onClick={() => downloadFile(`${metadata.KeyId}.pem`, publicKey.value!, 'application/x-pem-file')}>
              Download
            </Button>
          }
        >
          Public key
        </Header>
      }
    >
      <FormField label="Public key" stretch>
        <Textarea value={publicKey.value ?? (metadata.KeyState === 'PendingImport' ? 'The key has no key material yet.' : '')} readOnly rows={10} spellcheck={false} />
      </FormField>
    </Container>
  );
}
