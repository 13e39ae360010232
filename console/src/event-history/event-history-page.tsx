// "Event history": the audit trail through CloudTrail LookupEvents, filtered by one lookup attribute (event name,
// resource name, user name, ...) and a time range, newest first, with each event's CloudTrail record on request.

import { useState } from 'react';
import { LookupEventsCommand, type Event, type LookupAttributeKey } from '@aws-sdk/client-cloudtrail';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import DatePicker from '@cloudscape-design/components/date-picker';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useSession } from '../session/session-context';
import { useFlash } from '../shell/flash-messages';

const ATTRIBUTES: { value: LookupAttributeKey; label: string }[] = [
  { value: 'EventName', label: 'Event name' },
  { value: 'ResourceName', label: 'Resource name' },
  { value: 'Username', label: 'User name' },
  { value: 'ResourceType', label: 'Resource type' },
  { value: 'EventId', label: 'Event ID' },
  { value: 'AccessKeyId', label: 'AWS access key' },
  { value: 'ReadOnly', label: 'Read-only' },
  { value: 'EventSource', label: 'Event source' },
];

/** A DatePicker value (YYYY-MM-DD) as the start or the end of that day in UTC. */
function day(value: string, end: boolean): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T${end ? '23:59:59' : '00:00:00'}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function EventHistoryPage() {
  const { cloudtrail } = useSession().clients;
  const flash = useFlash();
  const [attribute, setAttribute] = useState<LookupAttributeKey>('EventName');
  const [value, setValue] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [events, setEvents] = useState<Event[] | undefined>();
  const [nextToken, setNextToken] = useState<string | undefined>();
  const [loading, setLoading] = useState(false);
  const [shown, setShown] = useState<Event | undefined>();

  const search = async (more = false) => {
    setLoading(true);
    try {
      const startTime = day(start, false);
      const endTime = day(end, true);
      const answer = await cloudtrail.send(
        new LookupEventsCommand({
          MaxResults: 50,
          ...(value.trim() ? { LookupAttributes: [{ AttributeKey: attribute, AttributeValue: value.trim() }] } : {}),
          ...(startTime ? { StartTime: startTime } : {}),
          ...(endTime ? { EndTime: endTime } : {}),
          ...(more && nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      setEvents((current) => [...(more ? (current ?? []) : []), ...(answer.Events ?? [])]);
      setNextToken(answer.NextToken);
    } catch (error) {
      flash.error(error);
    } finally {
      setLoading(false);
    }
  };

  const selectedAttribute = ATTRIBUTES.find((a) => a.value === attribute)!;
  return (
    <>
      <Table
        variant="full-page"
        header={
          <Header variant="awsui-h1-sticky" description="API calls recorded in this account and Region, as CloudTrail LookupEvents returns them.">
            Event history
          </Header>
        }
        filter={
          <SpaceBetween direction="horizontal" size="s" alignItems="end">
            <FormField label="Lookup attribute">
              <Select selectedOption={selectedAttribute} onChange={({ detail }) => setAttribute(detail.selectedOption.value as LookupAttributeKey)} options={ATTRIBUTES} />
            </FormField>
            <FormField label="Attribute value">
              <Input value={value} placeholder={`Enter ${selectedAttribute.label.toLowerCase()}`} onChange={({ detail }) => setValue(detail.value)} />
            </FormField>
            <FormField label="Start date">
              <DatePicker value={start} onChange={({ detail }) => setStart(detail.value)} placeholder="YYYY/MM/DD" openCalendarAriaLabel={() => 'Choose start date'} />
            </FormField>
            <FormField label="End date">
              <DatePicker value={end} onChange={({ detail }) => setEnd(detail.value)} placeholder="YYYY/MM/DD" openCalendarAriaLabel={() => 'Choose end date'} />
            </FormField>
            <Button variant="primary" loading={loading} onClick={() => void search()}>
              Search
            </Button>
          </SpaceBetween>
        }
        items={events ?? []}
        resizableColumns
        wrapLines={false}
        loading={loading && events === undefined}
        loadingText="Loading events"
        columnDefinitions={[
          {
            id: 'name',
            header: 'Event name',
            minWidth: 200,
            cell: (e) => (
              <Button variant="inline-link" onClick={() => setShown(e)} ariaLabel={`View event ${e.EventName} ${e.EventId}`}>
                {e.EventName}
              </Button>
            ),
          },
          { id: 'time', header: 'Event time', cell: (e) => e.EventTime?.toUTCString() ?? '-' },
          { id: 'user', header: 'User name', cell: (e) => e.Username ?? '-' },
          { id: 'source', header: 'Event source', cell: (e) => e.EventSource ?? '-' },
          { id: 'resources', header: 'Resource name', cell: (e) => (e.Resources ?? []).map((r) => r.ResourceName).join(', ') || '-' },
          { id: 'error', header: 'Error code', cell: (e) => (JSON.parse(e.CloudTrailEvent ?? '{}') as { errorCode?: string }).errorCode ?? '-' },
        ]}
        empty={<Box textAlign="center">{events === undefined ? 'Choose Search to look up events.' : 'No events match.'}</Box>}
        footer={
          nextToken ? (
            <Box textAlign="center">
              <Button onClick={() => void search(true)} loading={loading}>
                Load more events
              </Button>
            </Box>
          ) : undefined
        }
        ariaLabels={{ tableLabel: 'Event history' }}
      />
      {shown ? (
        <Modal visible size="large" header={`${shown.EventName} event`} closeAriaLabel="Close" onDismiss={() => setShown(undefined)}>
          <Box variant="code">
            <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{JSON.stringify(JSON.parse(shown.CloudTrailEvent ?? '{}'), null, 2)}</pre>
          </Box>
        </Modal>
      ) : null}
    </>
  );
}
