// eventIDs are time-ordered version-7 UUIDs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newEventId } from './event-id.js';

test('event ids are version-7 UUIDs that sort by time', () => {
  const first = newEventId(1_700_000_000_000);
  const second = newEventId(1_700_000_000_001);
  assert.match(first, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(first < second);
  assert.equal(first.slice(0, 13), '018bcfe5-6800');
  assert.notEqual(newEventId(1), newEventId(1));
});
