/** Method names and gas of the vote program. */
import { context, fullContext } from '../../../common/index.js';

/** Service name. */
export const VOTE_SERVICE = 'vote';

export const METHOD_CREATE_ACCOUNT = 'vote.CreateAccount';
export const METHOD_ACTIVATE = 'vote.Activate';
export const METHOD_DEACTIVATE = 'vote.Deactivate';
export const METHOD_SET_AUTHORITY = 'vote.SetAuthority';
export const METHOD_SET_FEE_PAYER = 'vote.SetFeePayer';
export const METHOD_SET_FUND = 'vote.SetFund';

/** Gas per method: creation verifies a signature, the rest read and write one record. */
export const GAS_CREATE_ACCOUNT = 5_000n;
export const GAS_MANAGE = 1_000n;

/** Most precommits one commit can carry (the BFT validator list bound). */
export const MAX_COMMIT_VOTES = 10_000;

/** Signature context of the node key's consent to a vote account, chain-separated. */
export function createConsentContext(chainContext: string): string {
  return fullContext(context('vote', 'create account'), { chainContext });
}
