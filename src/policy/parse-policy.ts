// Parses a key policy or identity policy document into its compiled form, rejecting what AWS rejects with
// MalformedPolicyDocumentException (docs/kms-behaviour.md 2.6); the 32 KB key-policy limit is checkKeyPolicySize.

import { LimitExceededException, MalformedPolicyDocumentException } from '../api/errors.js';
import { parseConditionOperator, valueMatcher, type ValueMatcher } from './condition-operators.js';
import { parsePrincipal, type PrincipalExists } from './parse-principal.js';
import type { ActionMatcher, ConditionClause, Effect, PolicyDocument, PolicyKind, PrincipalSet, Statement } from './policy-types.js';
import { parseTemplate, type ValueTemplate } from './policy-variables.js';
import { hasWildcard, wildcardRegExp } from './wildcard.js';

export interface ParsePolicyOptions {
  kind: PolicyKind;
  /** Whether an account ID or principal ARN named in a key policy exists; unknown ones are rejected. */
  principalExists?: PrincipalExists;
  /**
   * Reject statements without Action/NotAction or Resource/NotResource. AWS announced this for key
   * policies from 2025-08-18; docs/kms-behaviour.md 2.6 still says they are accepted, so it is opt-in.
   */
  requireActionAndResource?: boolean;
}

/** Message texts. [O] where docs/kms-behaviour.md marks them observed, IAM's wording otherwise [?]. */
export const POLICY_MESSAGES = {
  syntax: 'Syntax errors in policy.',
  unknownElement: (name: string) => `Policy contains an unknown element: ${name}.`,
  statementElementAtTop: (name: string) => `The ${name} element must be inside a statement.`,
  topElementInStatement: (name: string) => `The ${name} element must be at the top level of the policy.`,
  invalidVersion: (version: string) => `Invalid policy Version: ${version}.`,
  noStatement: 'Policy contains no statement.',
  missingEffect: 'Missing required field Effect',
  invalidEffect: (effect: string) => `Invalid effect: ${effect}`,
  noPrincipal: 'Policy contains a statement with no principal.',
  principalInIdentityPolicy: 'Policy document should not specify a principal.',
  both: (a: string, b: string) => `A statement cannot contain both ${a} and ${b}.`,
  vendorPrefix: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  oneColon: 'Actions/Condition can contain only one colon.',
  resourceFormat: (resource: string) => `Resource ${resource} must be in ARN format or "*".`,
  conditionType: (operator: string) => `Invalid Condition type : ${operator}`,
  missingAction: 'Policy contains a statement with no Action or NotAction element.',
  missingResource: 'Policy contains a statement with no Resource or NotResource element.',
  // [D] docs/kms-behaviour.md 2.6: the bracketed words are "encryption context" or "tag".
  overlyPermissive: (what: string) =>
    `OverlyPermissiveCondition: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified ${what} or with an unspecified ${what}. To fix, remove ForAllValues.`,
  tooLarge: (bytes: number) => `Policy document exceeds the maximum size of ${KEY_POLICY_MAX_BYTES} bytes (it has ${bytes}).`,
} as const;

export const KEY_POLICY_MAX_BYTES = 32768;
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const TOP_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const EMPTY_CONTEXT = new Map();

const malformed = (message: string): MalformedPolicyDocumentException => new MalformedPolicyDocumentException(message);

/** A key policy is at most 32,768 bytes; larger is LimitExceededException, not a validation error (2.6). */
export function checkKeyPolicySize(text: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > KEY_POLICY_MAX_BYTES) throw new LimitExceededException(POLICY_MESSAGES.tooLarge(bytes));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** IAM accepts a single value or an array wherever a list is expected. */
function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) if (typeof item !== 'string') throw malformed(POLICY_MESSAGES.syntax);
  return list as string[];
}

function parseActions(value: unknown): ActionMatcher {
  const literals = new Set<string>();
  const patterns: RegExp[] = [];
  for (const action of strings(value)) {
    if (action !== '*') {
      const colon = action.indexOf(':');
      if (colon <= 0 || colon === action.length - 1) throw malformed(POLICY_MESSAGES.vendorPrefix);
      if (action.indexOf(':', colon + 1) >= 0) throw malformed(POLICY_MESSAGES.oneColon);
    }
    // Action names are case-insensitive (docs/kms-behaviour.md 7.1): compare in lower case.
    const lower = action.toLowerCase();
    if (hasWildcard(lower)) patterns.push(wildcardRegExp(lower));
    else literals.add(lower);
  }
  return { literals, patterns };
}

function parseResources(value: unknown, variables: boolean): ValueTemplate[] {
  return strings(value).map((resource) => {
    if (resource !== '*' && !resource.startsWith('arn:')) throw malformed(POLICY_MESSAGES.resourceFormat(resource));
    return parseTemplate(resource, variables);
  });
}

function conditionValues(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    if (typeof item === 'string') return item;
    if (typeof item === 'number' || typeof item === 'boolean') return String(item);
    throw malformed(POLICY_MESSAGES.syntax);
  });
}

/** ForAllValues with a single-valued EC or request-tag key matches too much; AWS rejects it (2.6). */
function checkOverlyPermissive(key: string, setOperator: string | undefined): void {
  if (setOperator !== 'ForAllValues') return;
  if (key.startsWith('kms:encryptioncontext:')) throw malformed(POLICY_MESSAGES.overlyPermissive('encryption context'));
  if (key.startsWith('aws:requesttag/')) throw malformed(POLICY_MESSAGES.overlyPermissive('tag'));
}

function parseCondition(value: unknown, kind: PolicyKind, variables: boolean): ConditionClause[] {
  if (!isObject(value)) throw malformed(POLICY_MESSAGES.syntax);
  const clauses: ConditionClause[] = [];
  for (const [operatorName, block] of Object.entries(value)) {
    const parsed = parseConditionOperator(operatorName);
    if (parsed === undefined) throw malformed(POLICY_MESSAGES.conditionType(operatorName));
    if (!isObject(block)) throw malformed(POLICY_MESSAGES.syntax);
    for (const [keyName, raw] of Object.entries(block)) {
      const colon = keyName.indexOf(':');
      if (colon <= 0 || colon === keyName.length - 1) throw malformed(POLICY_MESSAGES.vendorPrefix);
      const key = keyName.toLowerCase();
      if (kind === 'key') checkOverlyPermissive(key, parsed.setOperator);
      const values = conditionValues(raw).map((v) => parseTemplate(v, variables));
      let staticMatchers: ValueMatcher[] | undefined;
      if (parsed.operator.kind !== 'null' && !values.some((t) => t.hasVariables)) {
        staticMatchers = [];
        for (const t of values) {
          const m = valueMatcher(parsed.operator, t, EMPTY_CONTEXT);
          if (m) staticMatchers.push(m);
        }
      }
      clauses.push({ operatorName, ...parsed, key, values, ...(staticMatchers ? { staticMatchers } : {}) });
    }
  }
  return clauses;
}

function parsePrincipals(raw: Record<string, unknown>, options: ParsePolicyOptions): { principal?: PrincipalSet; notPrincipal?: PrincipalSet } {
  const hasPrincipal = 'Principal' in raw;
  const hasNotPrincipal = 'NotPrincipal' in raw;
  if (hasPrincipal && hasNotPrincipal) throw malformed(POLICY_MESSAGES.both('Principal', 'NotPrincipal'));
  if (options.kind === 'identity') {
    if (hasPrincipal || hasNotPrincipal) throw malformed(POLICY_MESSAGES.principalInIdentityPolicy);
    return {};
  }
  if (!hasPrincipal && !hasNotPrincipal) throw malformed(POLICY_MESSAGES.noPrincipal);
  if (hasPrincipal) return { principal: parsePrincipal(raw.Principal, options.principalExists) };
  return { notPrincipal: parsePrincipal(raw.NotPrincipal, options.principalExists) };
}

function parseStatement(raw: unknown, options: ParsePolicyOptions, variables: boolean): Statement {
  if (!isObject(raw)) throw malformed(POLICY_MESSAGES.syntax);
  for (const name of Object.keys(raw)) {
    if (STATEMENT_ELEMENTS.has(name)) continue;
    throw malformed(TOP_ELEMENTS.has(name) ? POLICY_MESSAGES.topElementInStatement(name) : POLICY_MESSAGES.unknownElement(name));
  }
  if ('Sid' in raw && typeof raw.Sid !== 'string') throw malformed(POLICY_MESSAGES.syntax);
  if (!('Effect' in raw)) throw malformed(POLICY_MESSAGES.missingEffect);
  if (raw.Effect !== 'Allow' && raw.Effect !== 'Deny') throw malformed(POLICY_MESSAGES.invalidEffect(String(raw.Effect)));
  const effect: Effect = raw.Effect;
  const principals = parsePrincipals(raw, options);
  if ('Action' in raw && 'NotAction' in raw) throw malformed(POLICY_MESSAGES.both('Action', 'NotAction'));
  if ('Resource' in raw && 'NotResource' in raw) throw malformed(POLICY_MESSAGES.both('Resource', 'NotResource'));
  if (options.requireActionAndResource) {
    if (!('Action' in raw) && !('NotAction' in raw)) throw malformed(POLICY_MESSAGES.missingAction);
    if (!('Resource' in raw) && !('NotResource' in raw)) throw malformed(POLICY_MESSAGES.missingResource);
  }
  return {
    ...(typeof raw.Sid === 'string' ? { sid: raw.Sid } : {}),
    effect,
    ...principals,
    ...('Action' in raw ? { actions: parseActions(raw.Action) } : {}),
    ...('NotAction' in raw ? { notActions: parseActions(raw.NotAction) } : {}),
    ...('Resource' in raw ? { resources: parseResources(raw.Resource, variables) } : {}),
    ...('NotResource' in raw ? { notResources: parseResources(raw.NotResource, variables) } : {}),
    conditions: 'Condition' in raw ? parseCondition(raw.Condition, options.kind, variables) : [],
  };
}

/** Parses and validates a policy; throws MalformedPolicyDocumentException with the first problem found. */
export function parsePolicyDocument(text: string, options: ParsePolicyOptions): PolicyDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw malformed(POLICY_MESSAGES.syntax);
  }
  if (!isObject(raw)) throw malformed(POLICY_MESSAGES.syntax);
  for (const name of Object.keys(raw)) {
    if (TOP_ELEMENTS.has(name)) continue;
    throw malformed(STATEMENT_ELEMENTS.has(name) ? POLICY_MESSAGES.statementElementAtTop(name) : POLICY_MESSAGES.unknownElement(name));
  }
  if ('Version' in raw && (typeof raw.Version !== 'string' || !VERSIONS.has(raw.Version))) {
    throw malformed(POLICY_MESSAGES.invalidVersion(String(raw.Version)));
  }
  if ('Id' in raw && typeof raw.Id !== 'string') throw malformed(POLICY_MESSAGES.syntax);
  const list = Array.isArray(raw.Statement) ? raw.Statement : raw.Statement === undefined ? [] : [raw.Statement];
  if (list.length === 0) throw malformed(POLICY_MESSAGES.noStatement);
  // Policy variables exist only in the 2012-10-17 policy language (IAM "Policy elements: Version").
  const variables = raw.Version === '2012-10-17';
  const statements = list.map((s) => parseStatement(s, options, variables));
  return {
    kind: options.kind,
    ...(typeof raw.Version === 'string' ? { version: raw.Version } : {}),
    ...(typeof raw.Id === 'string' ? { id: raw.Id } : {}),
    statements,
  };
}
