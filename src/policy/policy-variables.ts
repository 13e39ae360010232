// IAM policy variables in Resource and condition values: `${aws:username}`, defaults `${key, 'text'}`,
// and the escapes `${*}`, `${?}`, `${$}` (IAM "Policy elements: Variables and tags").

import type { ConditionContext, ContextValue } from './policy-types.js';
import { escapeRegExp, wildcardSource } from './wildcard.js';

export type TemplatePart =
  /** Policy text: `*` and `?` are wildcards where the operator allows them. */
  | { readonly kind: 'text'; readonly text: string }
  /** `${*}`, `${?}`, `${$}`: the character itself, never a wildcard. */
  | { readonly kind: 'literal'; readonly text: string }
  /** `${key}` or `${key, 'default'}`; `key` in lower case (condition keys are case-insensitive). */
  | { readonly kind: 'variable'; readonly key: string; readonly fallback?: string };

/** A Resource or condition value as written, split into text, escapes and variables. */
export interface ValueTemplate {
  readonly text: string;
  readonly parts: readonly TemplatePart[];
  readonly hasVariables: boolean;
}

/** A resolved piece of a template: policy text (wildcards live) or a substituted literal. */
export interface ResolvedPiece {
  readonly text: string;
  readonly wild: boolean;
}

const VARIABLE = /^([^\s,']+)\s*(?:,\s*'((?:[^']|'')*)')?$/;

/**
 * Splits a value into parts. Variables only exist in policies with `"Version": "2012-10-17"`;
 * in older policies `${...}` is plain text (IAM "Policy elements: Version").
 */
export function parseTemplate(text: string, variablesEnabled: boolean): ValueTemplate {
  if (!variablesEnabled || !text.includes('${')) return { text, parts: [{ kind: 'text', text }], hasVariables: false };
  const parts: TemplatePart[] = [];
  let hasVariables = false;
  let pending = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start < 0) break;
    const end = closingBrace(text, start + 2);
    if (end < 0) break;
    pending += text.slice(i, start);
    if (pending) parts.push({ kind: 'text', text: pending });
    pending = '';
    const part = variablePart(text.slice(start + 2, end).trim());
    if (part.kind === 'variable') hasVariables = true;
    parts.push(part);
    i = end + 1;
  }
  pending += text.slice(i);
  if (pending) parts.push({ kind: 'text', text: pending });
  return { text, parts, hasVariables };
}

/** Index of the `}` closing a variable, skipping quoted defaults (which may contain `}`). */
function closingBrace(text: string, from: number): number {
  let quoted = false;
  for (let j = from; j < text.length; j++) {
    const ch = text[j];
    if (ch === "'") quoted = !quoted;
    else if (ch === '}' && !quoted) return j;
  }
  return -1;
}

function variablePart(inner: string): TemplatePart {
  if (inner === '*' || inner === '?' || inner === '$') return { kind: 'literal', text: inner };
  const m = VARIABLE.exec(inner);
  // A malformed variable never resolves, so the value containing it matches nothing.
  if (m === null) return { kind: 'variable', key: '' };
  const fallback = m[2]?.replace(/''/g, "'");
  return fallback === undefined ? { kind: 'variable', key: m[1].toLowerCase() } : { kind: 'variable', key: m[1].toLowerCase(), fallback };
}

/** The single string a context value gives a variable; multi-valued keys cannot be variables. */
function variableValue(value: ContextValue | undefined): string | undefined {
  if (value === undefined || Array.isArray(value)) return undefined;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** Substitutes variables; `undefined` when one has no value and no default (the value then matches nothing). */
export function resolveTemplate(template: ValueTemplate, context: ConditionContext): ResolvedPiece[] | undefined {
  const pieces: ResolvedPiece[] = [];
  for (const part of template.parts) {
    if (part.kind === 'text') pieces.push({ text: part.text, wild: true });
    else if (part.kind === 'literal') pieces.push({ text: part.text, wild: false });
    else {
      const value = part.key ? variableValue(context.get(part.key)) ?? part.fallback : undefined;
      if (value === undefined) return undefined;
      pieces.push({ text: value, wild: false });
    }
  }
  return pieces;
}

/** The template as a plain string (wildcards not interpreted), or `undefined` if unresolvable. */
export function templateString(template: ValueTemplate, context: ConditionContext): string | undefined {
  const pieces = resolveTemplate(template, context);
  return pieces?.map((p) => p.text).join('');
}

/** Regular-expression source for resolved pieces: wildcards only in policy text. */
export function piecesSource(pieces: readonly ResolvedPiece[], star = '.*', question = '.'): string {
  return pieces.map((p) => (p.wild ? wildcardSource(p.text, star, question) : escapeRegExp(p.text))).join('');
}
