// Decides whether a statement's Condition block holds for a request: clauses are AND-ed, the values of
// one clause OR-ed, with IAM's rules for absent keys, IfExists, Null and the set operators.

import { valueMatcher, type ValueMatcher } from './condition-operators.js';
import type { ConditionClause, ConditionContext, ContextValue } from './policy-types.js';
import { templateString } from './policy-variables.js';

const NO_VALUES: readonly string[] = [];

/** The request values of a key as strings; an empty list counts as absent (IAM Null semantics). */
export function contextStrings(value: ContextValue | undefined): readonly string[] {
  if (value === undefined) return NO_VALUES;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value as readonly string[];
  if (value instanceof Date) return [value.toISOString()];
  return [String(value)];
}

function matchersFor(clause: ConditionClause, context: ConditionContext): readonly ValueMatcher[] {
  if (clause.staticMatchers) return clause.staticMatchers;
  const matchers: ValueMatcher[] = [];
  for (const template of clause.values) {
    const matcher = valueMatcher(clause.operator, template, context);
    if (matcher) matchers.push(matcher);
  }
  return matchers;
}

/** One `operator: { key: values }` entry. */
export function clauseHolds(clause: ConditionClause, context: ConditionContext): boolean {
  const requestValues = contextStrings(context.get(clause.key));
  const absent = requestValues.length === 0;
  if (clause.operator.kind === 'null') {
    // "Null": "true" holds when the key is absent, "false" when it is present.
    return clause.values.some((t) => (templateString(t, context)?.toLowerCase() === 'true') === absent);
  }
  if (absent) {
    if (clause.ifExists) return true;
    // ForAllValues over nothing is vacuously true; ForAnyValue over nothing is false (IAM).
    if (clause.setOperator === 'ForAllValues') return true;
    if (clause.setOperator === 'ForAnyValue') return false;
    // "If the policy condition requires that the key is not matched ... and the key is not present, the condition is true."
    return clause.operator.negated;
  }
  const matchers = matchersFor(clause, context);
  const matchesAny = (value: string): boolean => {
    for (const m of matchers) if (m(value)) return true;
    return false;
  };
  const negated = clause.operator.negated;
  if (clause.setOperator === 'ForAllValues') return requestValues.every((v) => matchesAny(v) !== negated);
  if (clause.setOperator === 'ForAnyValue') return requestValues.some((v) => matchesAny(v) !== negated);
  // Without a set operator: a positive operator needs some value to match, a negated one none.
  return requestValues.some(matchesAny) !== negated;
}

export function conditionsHold(clauses: readonly ConditionClause[], context: ConditionContext): boolean {
  for (const clause of clauses) if (!clauseHolds(clause, context)) return false;
  return true;
}
