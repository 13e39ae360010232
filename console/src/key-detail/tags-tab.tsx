// "Tags": the key's tags (ListResourceTags); "Edit" turns them into the tag editor, and "Save changes" sends
// TagResource for new and changed tags and UntagResource for removed ones.

import { useState } from 'react';
import { ListResourceTagsCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-kms';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { TagEditor } from '../common/tag-editor';
import { useLoader } from '../common/use-loader';
import { tagErrors, type TagEntry } from '../create-key/wizard-state';
import { useSession } from '../session/session-context';
import { useFlash } from '../shell/flash-messages';

/** The calls that turn `before` into `after`: tags to set (new or changed value) and tag keys to remove. */
export function tagChanges(before: readonly TagEntry[], after: readonly TagEntry[]): { set: TagEntry[]; remove: string[] } {
  const old = new Map(before.map((tag) => [tag.key, tag.value]));
  const next = after.map((tag) => ({ key: tag.key.trim(), value: tag.value }));
  return {
    set: next.filter((tag) => old.get(tag.key) !== tag.value),
    remove: before.filter((tag) => !next.some((n) => n.key === tag.key)).map((tag) => tag.key),
  };
}

export function TagsTab({ keyId }: { keyId: string }) {
  const { kms } = useSession().clients;
  const flash = useFlash();
  const tags = useLoader(async () => {
    const all: TagEntry[] = [];
    let marker: string | undefined;
    do {
      const page = await kms.send(new ListResourceTagsCommand({ KeyId: keyId, ...(marker ? { Marker: marker } : {}) }));
      all.push(...(page.Tags ?? []).map((t) => ({ key: t.TagKey ?? '', value: t.TagValue ?? '' })));
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    return all;
  }, [kms, keyId]);
  const [draft, setDraft] = useState<TagEntry[] | undefined>();
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    if (draft === undefined) return;
    setShowErrors(true);
    if (tagErrors(draft).some(Boolean)) return;
    setBusy(true);
    try {
      const { set, remove } = tagChanges(tags.value ?? [], draft);
      if (remove.length) await kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: remove }));
      if (set.length) await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: set.map((t) => ({ TagKey: t.key, TagValue: t.value })) }));
      flash.success('The tags were saved.');
      setDraft(undefined);
      setShowErrors(false);
      tags.reload();
    } catch (error) {
      flash.error(error);
    } finally {
      setBusy(false);
    }
  };

  if (draft !== undefined) {
    return (
      <Container
        header={
          <Header
            variant="h2"
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button onClick={() => setDraft(undefined)}>Cancel</Button>
                <Button variant="primary" loading={busy} onClick={() => void save()}>
                  Save changes
                </Button>
              </SpaceBetween>
            }
          >
            Edit tags
          </Header>
        }
      >
        <TagEditor tags={draft} onChange={setDraft} showErrors={showErrors} />
      </Container>
    );
  }
  return (
    <Table
      header={
        <Header variant="h2" actions={<Button onClick={() => setDraft([...(tags.value ?? [])])}>Edit</Button>} counter={tags.value ? `(${tags.value.length})` : undefined}>
          Tags
        </Header>
      }
      items={tags.value ?? []}
      loading={tags.loading}
      loadingText="Loading tags"
      columnDefinitions={[
        { id: 'key', header: 'Tag key', cell: (t) => t.key },
        { id: 'value', header: 'Tag value', cell: (t) => t.value || '-' },
      ]}
      empty={<Box textAlign="center">No tags associated with the resource.</Box>}
      ariaLabels={{ tableLabel: 'Tags' }}
    />
  );
}
