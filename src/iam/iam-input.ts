// The parameters of an IAM query request, checked against IAM's model constraints: every failure is collected and
// answered as one ValidationError, `N validation error(s) detected: Value '…' at '…' failed to satisfy constraint: …`,
// as IAM words it (the same form as STS, sts/assume-role.ts).

import type { IamTag } from '../storage/repository.js';
import { iamValidationError } from './iam-error.js';

interface TextRule {
  min: number;
  max: number;
  /** The model's pattern, anchored when checked; shown unanchored in the message. */
  pattern?: string;
  required?: boolean;
}

/** Query parameters are read by name; lists come as `Name.member.N`, maps of tags as `Tags.member.N.Key/Value`. */
export class IamInput {
  readonly #failures: string[] = [];

  constructor(readonly params: URLSearchParams) {}

  /** A string member: `name` on the wire, `member` (camelCase) in messages. */
  text(name: string, rule: TextRule & { required: true }): string;
  text(name: string, rule: TextRule): string | undefined;
  text(name: string, rule: TextRule): string | undefined {
    const member = memberName(name);
    const value = this.params.get(name) ?? undefined;
    if (value === undefined) {
      if (rule.required) this.#failures.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
      return rule.required ? '' : undefined;
    }
    const length = [...value].length;
    const shown = length > 256 ? `${[...value].slice(0, 256).join('')}…` : value;
    if (length < rule.min) this.fail(shown, member, `Member must have length greater than or equal to ${rule.min}`);
    else if (length > rule.max) this.fail(shown, member, `Member must have length less than or equal to ${rule.max}`);
    else if (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`, 'u').test(value)) {
      this.fail(shown, member, `Member must satisfy regular expression pattern: ${rule.pattern}`);
    }
    return value;
  }

  /** An integer member within [min, max]. */
  integer(name: string, min: number, max: number): number | undefined {
    const raw = this.params.get(name) ?? undefined;
    if (raw === undefined) return undefined;
    const member = memberName(name);
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value)) {
      this.fail(raw.slice(0, 64), member, 'Member must be an integer');
      return undefined;
    }
    if (value < min) this.fail(raw, member, `Member must have value greater than or equal to ${min}`);
    else if (value > max) this.fail(raw, member, `Member must have value less than or equal to ${max}`);
    return value;
  }

  /** One of the model's enum values. */
  oneOf<T extends string>(name: string, values: readonly T[], required: boolean): T | undefined {
    const value = this.params.get(name) ?? undefined;
    const member = memberName(name);
    if (value === undefined) {
      if (required) this.#failures.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
      return undefined;
    }
    if (!(values as readonly string[]).includes(value)) this.fail(value, member, `Member must satisfy enum value set: [${values.join(', ')}]`);
    return value as T;
  }

  /** `Tags.member.N.Key` / `.Value`, in N order: at most 50, keys 1-128 and values 0-256 characters (IAM tag rules). */
  tags(name = 'Tags'): IamTag[] | undefined {
    const indexes = new Set<number>();
    const prefix = `${name}.member.`;
    for (const key of this.params.keys()) {
      if (!key.startsWith(prefix)) continue;
      const index = Number(key.slice(prefix.length).split('.')[0]);
      // A list index the SDKs never send (0, negative, not a number) is refused rather than ignored.
      if (!Number.isSafeInteger(index) || index < 1) {
        this.#failures.push(`Value at '${memberName(name)}' failed to satisfy constraint: Member must be a list of tags`);
        return undefined;
      }
      indexes.add(index);
    }
    if (indexes.size === 0) return undefined;
    if (indexes.size > 50) {
      this.#failures.push(`Value at '${memberName(name)}' failed to satisfy constraint: Member must have length less than or equal to 50`);
      return undefined;
    }
    const tags: IamTag[] = [];
    for (const index of [...indexes].sort((a, b) => a - b)) {
      const key = this.text(`${prefix}${index}.Key`, { min: 1, max: 128, pattern: TAG_PATTERN, required: true });
      const value = this.text(`${prefix}${index}.Value`, { min: 0, max: 256, pattern: TAG_VALUE_PATTERN, required: true });
      tags.push({ Key: key, Value: value });
    }
    return tags;
  }

  /** `Name.member.N` strings, in N order. */
  list(name: string, rule: TextRule): string[] {
    const prefix = `${name}.member.`;
    const found: { index: number; key: string }[] = [];
    for (const key of this.params.keys()) {
      if (key.startsWith(prefix)) found.push({ index: Number(key.slice(prefix.length)), key });
    }
    return found.sort((a, b) => a.index - b.index).map(({ key }) => this.text(key, { ...rule, required: true }));
  }

  /** Throws the collected ValidationError, if any. */
  check(): void {
    const n = this.#failures.length;
    if (n > 0) throw iamValidationError(`${n} validation error${n > 1 ? 's' : ''} detected: ${this.#failures.join('; ')}`);
  }

  private fail(value: string, member: string, constraint: string): void {
    this.#failures.push(`Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`);
  }
}

/** `UserName` → `userName`, `Tags.member.1.Key` → `tags.1.member.key`, as the model names members in messages. */
function memberName(name: string): string {
  const parts = name.split('.').filter((part) => part !== 'member');
  return parts.map((part) => part.charAt(0).toLowerCase() + part.slice(1)).join('.');
}

export const TAG_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+';
const TAG_VALUE_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*';
