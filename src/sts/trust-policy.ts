// Role trust policies: parsed like key policies (they name principals), with the role itself as the implied resource
// of statements that have no Resource, as IAM reads them; and their validation when a role is defined.

import { cachedPolicy, parsePolicyDocument, type PolicyDocument, type Statement } from '../policy/index.js';
import { parseTemplate } from '../policy/policy-variables.js';

const ANY_RESOURCE = [parseTemplate('*', false)];
const withResource = new WeakMap<PolicyDocument, PolicyDocument>();

function implyResource(policy: PolicyDocument): PolicyDocument {
  let derived = withResource.get(policy);
  if (!derived) {
    const statements: Statement[] = policy.statements.map((s) => (s.resources || s.notResources ? s : { ...s, resources: ANY_RESOURCE }));
    derived = { ...policy, statements };
    withResource.set(policy, derived);
  }
  return derived;
}

/** A stored trust policy, ready to evaluate for `sts:AssumeRole` on the role. */
export function trustPolicyOf(text: string): PolicyDocument {
  return implyResource(cachedPolicy(text, 'key'));
}

/** Throws MalformedPolicyDocumentException (policy/ messages) when a trust policy is not valid policy grammar. */
export function validateTrustPolicy(text: string): PolicyDocument {
  return parsePolicyDocument(text, { kind: 'key' });
}
