// Serves one IAM call for an authenticated caller: validates the Action and Version, authorizes `iam:` actions by the
// caller's identity policies (the account root may do anything in its account), and runs the operation.

import type { Caller } from '../domain/caller.js';
import { identityPoliciesOf } from '../authz/identity-policies.js';
import { accessDeniedMessage, buildConditionContext, evaluate } from '../policy/index.js';
import type { Store } from '../storage/repository.js';
import type { IamCallContext, IamResult, Transact } from './iam-context.js';
import { iamAccessDenied, IamError } from './iam-error.js';
import { IamInput } from './iam-input.js';
import { IAM_OPERATIONS } from './iam-operations.js';

export const IAM_VERSION = '2010-05-08';

export interface IamCall {
  action: string;
  params: URLSearchParams;
  caller: Caller;
  now: Date;
  /** Commits an operation's change with its audit record (protocol/iam-pipeline.ts). */
  transact: Transact;
}

export class IamService {
  constructor(
    private readonly store: Store,
    private readonly dev: boolean,
  ) {}

  async call({ action, params, caller, now, transact }: IamCall): Promise<IamResult> {
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
      commit: (work) => transact(work, ctx.responseElements),
    };
    return operation(ctx, new IamInput(params));
  }

  private async authorize(caller: Caller, action: string, resource: string, context?: Readonly<Record<string, string>>): Promise<void> {
    const identityPolicies = await identityPoliciesOf(this.store, caller, this.dev);
    const decision = evaluate({ caller, action, resource, identityPolicies, context: buildConditionContext(caller, context ?? {}) });
    if (!decision.allowed) throw iamAccessDenied(accessDeniedMessage(caller.arn, action, resource === '*' ? '' : resource, decision.reason));
  }
}
