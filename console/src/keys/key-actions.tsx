// The "Key actions" menu of the key list and the key page: Enable, Disable, Schedule key deletion and Cancel key
// deletion, each offered only in the key states where AWS allows it, with the result in the flash bar.

import { useState } from 'react';
import ButtonDropdown from '@cloudscape-design/components/button-dropdown';
import { CancelKeyDeletionCommand, DisableKeyCommand, EnableKeyCommand, ScheduleKeyDeletionCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import { useSession } from '../session/session-context';
import { useFlash } from '../shell/flash-messages';
import { ScheduleDeletionModal } from './schedule-deletion-modal';

export function KeyActions(props: { metadata: KeyMetadata | undefined; keyName: string; onChanged(): void }) {
  const { kms } = useSession().clients;
  const flash = useFlash();
  const [scheduling, setScheduling] = useState(false);
  const state = props.metadata?.KeyState;
  const keyId = props.metadata?.KeyId;
  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      flash.success(done);
      props.onChanged();
    } catch (error) {
      flash.error(error);
    }
  };
  return (
    <>
      <ButtonDropdown
        disabled={keyId === undefined}
        items={[
          { id: 'enable', text: 'Enable', disabled: state !== 'Disabled' },
          { id: 'disable', text: 'Disable', disabled: state !== 'Enabled' },
          { id: 'schedule-deletion', text: 'Schedule key deletion', disabled: state === 'PendingDeletion' || state === undefined },
          { id: 'cancel-deletion', text: 'Cancel key deletion', disabled: state !== 'PendingDeletion' },
        ]}
        onItemClick={({ detail }) => {
          if (keyId === undefined) return;
          if (detail.id === 'enable') void run(() => kms.send(new EnableKeyCommand({ KeyId: keyId })), `The KMS key ${props.keyName} was enabled.`);
          if (detail.id === 'disable') void run(() => kms.send(new DisableKeyCommand({ KeyId: keyId })), `The KMS key ${props.keyName} was disabled.`);
          if (detail.id === 'cancel-deletion')
            void run(
              () => kms.send(new CancelKeyDeletionCommand({ KeyId: keyId })),
              `Key deletion was canceled for ${props.keyName}. The KMS key is disabled; enable it to use it again.`,
            );
          if (detail.id === 'schedule-deletion') setScheduling(true);
        }}
      >
        Key actions
      </ButtonDropdown>
      {scheduling && keyId ? (
        <ScheduleDeletionModal
          keyName={props.keyName}
          onCancel={() => setScheduling(false)}
          onSchedule={async (days) => {
            try {
              const answer = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: days }));
              setScheduling(false);
              flash.success(`The KMS key ${props.keyName} is scheduled for deletion on ${answer.DeletionDate?.toUTCString() ?? 'its deletion date'}.`);
              props.onChanged();
            } catch (error) {
              setScheduling(false);
              flash.error(error);
            }
          }}
        />
      ) : null}
    </>
  );
}
