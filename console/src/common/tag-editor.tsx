// Tag key and value pairs with "Add tag" and "Remove tag", as in the AWS console; used by the wizard and the Tags tab.

import AttributeEditor from '@cloudscape-design/components/attribute-editor';
import Input from '@cloudscape-design/components/input';
import { tagErrors, type TagEntry } from '../create-key/wizard-state';

export function TagEditor(props: { tags: TagEntry[]; onChange(tags: TagEntry[]): void; showErrors: boolean }) {
  const errors = props.showErrors ? tagErrors(props.tags) : [];
  const update = (index: number, change: Partial<TagEntry>) => props.onChange(props.tags.map((tag, i) => (i === index ? { ...tag, ...change } : tag)));
  return (
    <AttributeEditor
      items={props.tags}
      addButtonText="Add tag"
      removeButtonText="Remove tag"
      empty="No tags associated with the resource."
      onAddButtonClick={() => props.onChange([...props.tags, { key: '', value: '' }])}
      onRemoveButtonClick={({ detail }) => props.onChange(props.tags.filter((_, i) => i !== detail.itemIndex))}
      additionalInfo={`You can add ${Math.max(0, 50 - props.tags.length)} more tags.`}
      disableAddButton={props.tags.length >= 50}
      definition={[
        {
          label: 'Tag key',
          errorText: (_item, index) => errors[index],
          control: (item, index) => <Input value={item.key} placeholder="Enter key" onChange={({ detail }) => update(index, { key: detail.value })} />,
        },
        {
          label: 'Tag value - optional',
          control: (item, index) => <Input value={item.value} placeholder="Enter value" onChange={({ detail }) => update(index, { value: detail.value })} />,
        },
      ]}
    />
  );
}
