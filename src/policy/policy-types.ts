// The parsed, pre-compiled form of a key policy or identity policy, and the plain-data inputs of an
// authorization decision (caller, condition context, decision). No behaviour lives here.

import type { Caller as DomainCaller } from '../domain/caller.js';
import type { ValueTemplate } from './policy-variables.js';
import type { ConditionOperator, ValueMatcher } from './condition-operators.js';

export type PolicyKind = 'key' | 'identity';
export type Effect = 'Allow' | 'Deny';

/** The principals a Principal or NotPrincipal element names, normalised for matching. */
export interface PrincipalSet {
  /** `"*"` or `{"AWS": "*"}`: every caller. */
  readonly everyone: boolean;
  /** Accounts named by a bare account ID or by `arn:<partition>:iam::<account>:root`. */
  readonly accounts: readonly string[];
  /** User, role, assumed-role session and federated-user ARNs, as written. */
  readonly arns: readonly string[];
  /** `Service`, `Federated` and `CanonicalUser` principals: kept, but never match a caller. */
  readonly others: readonly string[];
}

/** Action / NotAction: literal names (lower case) plus wildcard patterns. */
export interface ActionMatcher {
  readonly literals: ReadonlySet<string>;
  readonly patterns: readonly RegExp[];
}

/** One `operator: { key: values }` entry of a Condition block. */
export interface ConditionClause {
  /** The operator as written (`ForAnyValue:StringLikeIfExists`). */
  readonly operatorName: string;
  readonly operator: ConditionOperator;
  readonly setOperator?: 'ForAllValues' | 'ForAnyValue';
  readonly ifExists: boolean;
  /** Condition key in lower case: key names are case-insensitive (docs/kms-behaviour.md 7.3). */
  readonly key: string;
  readonly values: readonly ValueTemplate[];
  /** Matchers compiled at parse time when no value holds a variable (the common case). */
  readonly staticMatchers?: readonly ValueMatcher[];
}

export interface Statement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly principal?: PrincipalSet;
  readonly notPrincipal?: PrincipalSet;
  /** Neither `actions` nor `notActions`: the statement never applies (docs/kms-behaviour.md 2.6). */
  readonly actions?: ActionMatcher;
  readonly notActions?: ActionMatcher;
  /** Neither `resources` nor `notResources`: the statement never applies. */
  readonly resources?: readonly ValueTemplate[];
  readonly notResources?: readonly ValueTemplate[];
  readonly conditions: readonly ConditionClause[];
}

export interface PolicyDocument {
  readonly kind: PolicyKind;
  readonly version?: string;
  readonly id?: string;
  readonly statements: readonly Statement[];
}

/**
 * Who is calling, as policy evaluation reads it: the domain's Caller without its access key, and with `principalId`
 * optional, so that a lockout check or a test can name a caller by its ARN alone.
 */
export type Caller = Readonly<
  Pick<DomainCaller, 'arn' | 'accountId' | 'kind' | 'userName' | 'roleArn' | 'sessionName'> & Partial<Pick<DomainCaller, 'principalId'>>
>;

/** A request-context value: single string, multi-valued string list, number, boolean or date. */
export type ContextValue = string | readonly string[] | number | boolean | Date;

/** Condition context with lower-cased key names, built by `buildConditionContext`. */
export type ConditionContext = ReadonlyMap<string, ContextValue>;

export type DecisionReason =
  | 'allowed'
  | 'explicit-deny-resource'
  | 'explicit-deny-identity'
  | 'no-resource-policy'
  | 'no-identity-policy';

export interface Decision {
  readonly allowed: boolean;
  readonly reason: DecisionReason;
}
