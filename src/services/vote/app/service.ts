/** The vote program as a consensus {@link Service}. */
import type { Codec } from '../../../common/index.js';
import type { MethodDef, Service, TxContext } from '../../../consensus/index.js';
import {
  accountBody,
  createAccountBody,
  setAuthorityBody,
  setFeePayerBody,
  setFundBody,
} from '../api/codecs.js';
import type { VoteHooks } from '../api/hooks.js';
import * as M from '../api/methods.js';
import { type VoteParams, validateParams } from '../api/params.js';
import { onVoteEpoch } from './epoch.js';
import { initVoteGenesis } from './genesis.js';
import { activate, createAccount, deactivate, setAuthority, setFeePayer, setFund } from './manage.js';

// Vote accounts are VED state (APE-5): their authority, fee payer and fund are VED accounts, so
// every management transaction is paid from, and executed in, the VED.
function method<B>(
  name: string,
  body: Codec<B>,
  gas: bigint,
  handle: (ctx: TxContext, b: B) => Promise<void>,
): MethodDef<B> {
  return { name, domain: 'ved', body, gas, handle };
}

/** The vote service wired with its parameters and the other services' hooks. */
export function voteService(params: VoteParams, hooks: VoteHooks): Service {
  const p = validateParams(params);
  return {
    name: M.VOTE_SERVICE,
    methods: [
      method(M.METHOD_CREATE_ACCOUNT, createAccountBody, M.GAS_CREATE_ACCOUNT, createAccount),
      method(M.METHOD_ACTIVATE, accountBody, M.GAS_MANAGE, activate),
      method(M.METHOD_DEACTIVATE, accountBody, M.GAS_MANAGE, deactivate),
      method(M.METHOD_SET_AUTHORITY, setAuthorityBody, M.GAS_MANAGE, setAuthority),
      method(M.METHOD_SET_FEE_PAYER, setFeePayerBody, M.GAS_MANAGE, setFeePayer),
      method(M.METHOD_SET_FUND, setFundBody, M.GAS_MANAGE, setFund),
    ],
    initGenesis: (ctx, genesis) => initVoteGenesis(ctx, genesis, p, hooks),
    onEpoch: (ctx, epoch) => onVoteEpoch(ctx, epoch, p, hooks),
  };
}
