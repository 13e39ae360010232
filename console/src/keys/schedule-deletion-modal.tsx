// "Schedule key deletion": a waiting period of 7 to 30 days (30 by default, as in AWS) and a confirmation box, then
// ScheduleKeyDeletion; the key is Pending deletion until the date AWS returns.

import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';

export function validWaitingPeriod(text: string): number | undefined {
  if (!/^\d{1,2}$/.test(text.trim())) return undefined;
  const days = Number(text.trim());
  return days >= 7 && days <= 30 ? days : undefined;
}

export function ScheduleDeletionModal(props: { keyName: string; onCancel(): void; onSchedule(days: number): Promise<void> }) {
  const [days, setDays] = useState('30');
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const valid = validWaitingPeriod(days);
  const schedule = async () => {
    if (valid === undefined || !confirmed) return;
    setBusy(true);
    try {
      await props.onSchedule(valid);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      visible
      onDismiss={props.onCancel}
      header="Schedule key deletion"
      closeAriaLabel="Close"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={props.onCancel}>
              Cancel
            </Button>
            <Button variant="primary" disabled={valid === undefined || !confirmed} loading={busy} onClick={() => void schedule()}>
              Schedule deletion
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Alert type="warning">
          Deleting a KMS key is destructive and potentially dangerous. It deletes the key material and all metadata associated with the KMS key
          and is irreversible. After a KMS key is deleted, you can no longer decrypt the data that was encrypted under that KMS key.
        </Alert>
        <Box>
          KMS key: <strong>{props.keyName}</strong>
        </Box>
        <FormField
          label="Waiting period (in days)"
          constraintText="Enter a waiting period between 7 and 30 days."
          errorText={valid === undefined ? 'The waiting period must be a whole number of days from 7 to 30.' : undefined}
        >
          <Input type="number" inputMode="numeric" value={days} onChange={({ detail }) => setDays(detail.value)} />
        </FormField>
        <Checkbox checked={confirmed} onChange={({ detail }) => setConfirmed(detail.checked)}>
          Confirm that you want to schedule this key for deletion after a {valid ?? days} day waiting period.
        </Checkbox>
      </SpaceBetween>
    </Modal>
  );
}
