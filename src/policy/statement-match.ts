// Whether one policy statement applies to a request: its principal (key policies), action, resource and
// conditions, with IAM's NotPrincipal / NotAction / NotResource and wildcard rules.

import { conditionsHold } from './condition-evaluator.js';
import { roleArnOf } from './condition-context.js';
import type { ActionMatcher, Caller, ConditionContext, PrincipalSet, Statement } from './policy-types.js';
import { piecesSource, resolveTemplate, type ValueTemplate } from './policy-variables.js';
import { wildcardMatch } from './wildcard.js';

/**
 * How a key-policy statement names the caller: `direct` (the caller's ARN, its role's ARN, or `*`)
 * gives access by itself; `account` (the caller's account) only enables IAM policies (7.1).
 */
export type PrincipalMatch = 'direct' | 'account';

/** The ARNs a caller is known by in a Principal element: a role session is also its role. */
export function callerArns(caller: Caller): string[] {
  const role = roleArnOf(caller);
  return role ? [caller.arn, role] : [caller.arn];
}

function namesArn(set: PrincipalSet, arns: readonly string[]): boolean {
  for (const arn of arns) if (set.arns.includes(arn)) return true;
  return false;
}

/** Which way a statement's Principal / NotPrincipal covers the caller, or `undefined` when it does not. */
export function principalMatch(statement: Statement, caller: Caller, arns = callerArns(caller)): PrincipalMatch | undefined {
  const { principal, notPrincipal } = statement;
  if (principal) {
    if (principal.everyone || namesArn(principal, arns)) return 'direct';
    // The root user is the account itself.
    if (principal.accounts.includes(caller.accountId)) return 'account';
    return undefined;
  }
  if (notPrincipal) {
    // IAM evaluates NotPrincipal against each identity of the caller (its account, role, session):
    // the statement applies unless every one of them is listed.
    if (notPrincipal.everyone) return undefined;
    if (!notPrincipal.accounts.includes(caller.accountId)) return 'direct';
    if (caller.kind === 'root') return undefined;
    for (const arn of arns) if (!notPrincipal.arns.includes(arn)) return 'direct';
    return undefined;
  }
  // Identity policies have no principal: they belong to the caller.
  return 'direct';
}

function actionMatches(matcher: ActionMatcher, action: string): boolean {
  if (matcher.literals.has(action)) return true;
  for (const re of matcher.patterns) if (re.test(action)) return true;
  return false;
}

function resourceMatches(template: ValueTemplate, resource: string, context: ConditionContext): boolean {
  if (!template.hasVariables) {
    const only = template.parts.length === 1 ? template.parts[0] : undefined;
    if (only?.kind === 'text') return wildcardMatch(only.text, resource);
  }
  const pieces = resolveTemplate(template, context);
  if (pieces === undefined) return false;
  return new RegExp(`^${piecesSource(pieces)}$`, 's').test(resource);
}

function anyResource(templates: readonly ValueTemplate[], resource: string, context: ConditionContext): boolean {
  for (const t of templates) if (resourceMatches(t, resource, context)) return true;
  return false;
}

/**
 * Action, resource and conditions (not the principal). `action` is lower case. A statement with no
 * Action/NotAction or no Resource/NotResource never applies (docs/kms-behaviour.md 2.6).
 */
export function statementApplies(statement: Statement, action: string, resource: string, context: ConditionContext): boolean {
  if (statement.actions) {
    if (!actionMatches(statement.actions, action)) return false;
  } else if (statement.notActions) {
    if (actionMatches(statement.notActions, action)) return false;
  } else return false;
  if (statement.resources) {
    if (!anyResource(statement.resources, resource, context)) return false;
  } else if (statement.notResources) {
    if (anyResource(statement.notResources, resource, context)) return false;
  } else return false;
  return conditionsHold(statement.conditions, context);
}
