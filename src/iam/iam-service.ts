// Serves one IAM call for an authenticated caller: validates the Action and Version, authorizes `iam:` actions by the
// caller's identity policies (the account root may do anything in its account), and runs the operation.

import type { Caller } from '../domain/caller.js';
import { identityPoliciesOf } from '../authz/identity-policies.js';
import { accessDeniedMessage, buildConditionContext, evaluate } from '../policy/index.js';
import type { Store } from '../storage/repository.js';
import type { IamCallContext, IamResult } from './iam-context.js';
import { iamAccessDenied, IamError } from './iam-error.js';
import { IamInput } from './iam-input.js';
import { IAM_OPERATIONS } from './iam-operations.js';

export const IAM_VERSION = '2010-05-08';

export interface IamCall {
  action: string;
  params: URLSearchParams;
  caller: Caller;
  now: Date;
}

export interface IamAnswer {
  result: IamResult;
  /** What the audit record shows of the response. */
  responseElements?: Record<string, unknown>;
}

export class IamService {
  constructor(
    private readonly store: Store,
    private readonly dev: boolean,
  ) {}

  async call({ action, params, caller, now }: IamCall): Promise<IamAnswer> {
    const version = params.get('Version');
    const operation = IAM_OPERATIONS.get(action);
    if (!operation || (version !== null && version !== IAM_VERSION)) {
      throw new IamError('InvalidAction', `Could not find operation ${action} for version ${version ?? IAM_VERSION}`, 400);
    }
    const ctx: IamCallContext = {
      store: this.store,
      caller,
      now,
      dev: this.dev,
      authorize: (iamAction, resource, context) => this.authorize(caller, iamAction, resource, context),
    };
    const result = await operation(ctx, new IamInput(params));
    return { result, ...(ctx.responseElements ? { responseElements: ctx.responseElements } : {}) };
  }

  private async authorize(caller: Caller, action: string, resource: string, context?: Readonly<Record<string, string>>): Promise<void> {
    const identityPolicies = await identityPoliciesOf(this.store, caller, this.dev);
    const decision = evaluate({ caller, action, resource, identityPolicies, context: buildConditionContext(caller, context ?? {}) });
    if (!decision.allowed) throw iamAccessDenied(accessDeniedMessage(caller.arn, action, resource === '*' ? '' : resource, decision.reason));
  }
}
