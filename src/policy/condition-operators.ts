// The IAM condition operators: recognising their names (with `ForAllValues:`/`ForAnyValue:` and `IfExists`)
// and comparing one request value with one policy value (IAM "Condition operators").

import { BlockList, isIP } from 'node:net';
import type { ConditionContext } from './policy-types.js';
import { piecesSource, resolveTemplate, templateString, type ResolvedPiece, type ValueTemplate } from './policy-variables.js';

export type OperatorKind = 'string' | 'string-ignore-case' | 'string-like' | 'numeric' | 'date' | 'bool' | 'binary' | 'arn' | 'ip' | 'null';
export type Comparison = 'eq' | 'lt' | 'lte' | 'gt' | 'gte';

export interface ConditionOperator {
  /** Canonical name without prefix or suffix, e.g. `StringNotLike`. */
  readonly name: string;
  readonly kind: OperatorKind;
  readonly comparison: Comparison;
  /** Negated operators are true when no policy value matches, and when the key is absent (IAM). */
  readonly negated: boolean;
}

export interface ParsedOperator {
  readonly operator: ConditionOperator;
  readonly setOperator?: 'ForAllValues' | 'ForAnyValue';
  readonly ifExists: boolean;
}

/** Tests one request value (in string form) against one resolved policy value. */
export type ValueMatcher = (requestValue: string) => boolean;

const op = (name: string, kind: OperatorKind, comparison: Comparison = 'eq', negated = false): ConditionOperator => ({
  name,
  kind,
  comparison,
  negated,
});

const OPERATORS: readonly ConditionOperator[] = [
  op('StringEquals', 'string'),
  op('StringNotEquals', 'string', 'eq', true),
  op('StringEqualsIgnoreCase', 'string-ignore-case'),
  op('StringNotEqualsIgnoreCase', 'string-ignore-case', 'eq', true),
  op('StringLike', 'string-like'),
  op('StringNotLike', 'string-like', 'eq', true),
  op('NumericEquals', 'numeric'),
  op('NumericNotEquals', 'numeric', 'eq', true),
  op('NumericLessThan', 'numeric', 'lt'),
  op('NumericLessThanEquals', 'numeric', 'lte'),
  op('NumericGreaterThan', 'numeric', 'gt'),
  op('NumericGreaterThanEquals', 'numeric', 'gte'),
  op('DateEquals', 'date'),
  op('DateNotEquals', 'date', 'eq', true),
  op('DateLessThan', 'date', 'lt'),
  op('DateLessThanEquals', 'date', 'lte'),
  op('DateGreaterThan', 'date', 'gt'),
  op('DateGreaterThanEquals', 'date', 'gte'),
  op('Bool', 'bool'),
  op('BinaryEquals', 'binary'),
  op('IpAddress', 'ip'),
  op('NotIpAddress', 'ip', 'eq', true),
  // ArnEquals and ArnLike behave the same in IAM: both take wildcards, per ARN component.
  op('ArnEquals', 'arn'),
  op('ArnLike', 'arn'),
  op('ArnNotEquals', 'arn', 'eq', true),
  op('ArnNotLike', 'arn', 'eq', true),
  op('Null', 'null'),
];
const BY_NAME = new Map(OPERATORS.map((o) => [o.name.toLowerCase(), o]));

/** Parses `[ForAllValues:|ForAnyValue:]<Operator>[IfExists]`; `undefined` for an unknown operator. */
export function parseConditionOperator(written: string): ParsedOperator | undefined {
  let name = written;
  let setOperator: ParsedOperator['setOperator'];
  const colon = name.indexOf(':');
  if (colon >= 0) {
    const prefix = name.slice(0, colon).toLowerCase();
    if (prefix === 'forallvalues') setOperator = 'ForAllValues';
    else if (prefix === 'foranyvalue') setOperator = 'ForAnyValue';
    else return undefined;
    name = name.slice(colon + 1);
  }
  let ifExists = false;
  if (name.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    name = name.slice(0, -'ifexists'.length);
  }
  const operator = BY_NAME.get(name.toLowerCase());
  if (operator === undefined) return undefined;
  // Null tests existence itself: neither IfExists nor a set operator makes sense with it.
  if (operator.kind === 'null' && (ifExists || setOperator)) return undefined;
  return setOperator ? { operator, setOperator, ifExists } : { operator, ifExists };
}

function compare(a: number, b: number, comparison: Comparison): boolean {
  switch (comparison) {
    case 'eq':
      return a === b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
  }
}

/** Dates are ISO 8601 text or epoch seconds (IAM "Date condition operators"). */
export function parseDate(text: string): number {
  const trimmed = text.trim();
  if (/^-?\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  return Date.parse(trimmed);
}

function parseNumber(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? NaN : Number(trimmed);
}

/**
 * ARN matching compares the six colon-separated components separately, so wildcards in the
 * first five do not cross a colon; a pattern with fewer than five colons is matched as a whole.
 */
function arnSource(pieces: readonly ResolvedPiece[]): string {
  const colons = pieces.reduce((n, p) => n + (p.text.split(':').length - 1), 0);
  if (colons < 5) return piecesSource(pieces);
  let seen = 0;
  let source = '';
  for (const piece of pieces) {
    for (const ch of piece.text) {
      const inResource = seen >= 5;
      if (piece.wild && ch === '*') source += inResource ? '.*' : '[^:]*';
      else if (piece.wild && ch === '?') source += inResource ? '.' : '[^:]';
      else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      if (ch === ':') seen++;
    }
  }
  return source;
}

function ipMatcher(text: string): ValueMatcher | undefined {
  const [address, prefixText, extra] = text.trim().split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  const list = new BlockList();
  list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  return (value) => {
    const valueFamily = isIP(value);
    return valueFamily !== 0 && list.check(value, valueFamily === 4 ? 'ipv4' : 'ipv6');
  };
}

/**
 * Builds the matcher for one policy value after variable substitution. `undefined` when the
 * value cannot match anything (unresolved variable, not a number, not a date, not an address).
 */
export function valueMatcher(operator: ConditionOperator, template: ValueTemplate, context: ConditionContext): ValueMatcher | undefined {
  if (operator.kind === 'string-like' || operator.kind === 'arn') {
    const pieces = resolveTemplate(template, context);
    if (pieces === undefined) return undefined;
    const source = operator.kind === 'arn' ? arnSource(pieces) : piecesSource(pieces);
    const re = new RegExp(`^${source}$`, 's');
    return (value) => re.test(value);
  }
  const text = templateString(template, context);
  if (text === undefined) return undefined;
  const { comparison } = operator;
  switch (operator.kind) {
    case 'string':
    case 'binary':
      return (value) => value === text;
    case 'string-ignore-case': {
      const lower = text.toLowerCase();
      return (value) => value.toLowerCase() === lower;
    }
    case 'bool': {
      const lower = text.toLowerCase();
      return (value) => value.toLowerCase() === lower;
    }
    case 'numeric': {
      const expected = parseNumber(text);
      if (Number.isNaN(expected)) return undefined;
      return (value) => compare(parseNumber(value), expected, comparison);
    }
    case 'date': {
      const expected = parseDate(text);
      if (Number.isNaN(expected)) return undefined;
      return (value) => compare(parseDate(value), expected, comparison);
    }
    case 'ip':
      return ipMatcher(text);
    case 'null':
      return (value) => value.toLowerCase() === text.toLowerCase();
  }
}
