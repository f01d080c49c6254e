/**
 * `tandem tx vote-account create|activate|deactivate|set-authority|set-fee-payer|set-fund`: manage
 * a vote account (APE-7, APE-8). The signer is the account's authority; `create` also needs the
 * validator's node (consensus) key file, whose signature consents to the account.
 */
import type { Command } from 'commander';
import { addressFromPublicKey, encodeWith } from '../../common/index.js';
import {
  accountBody,
  createAccountBody,
  createConsentCodec,
  createConsentContext,
  METHOD_ACTIVATE,
  METHOD_CREATE_ACCOUNT,
  METHOD_DEACTIVATE,
  METHOD_SET_AUTHORITY,
  METHOD_SET_FEE_PAYER,
  METHOD_SET_FUND,
  setAuthorityBody,
  setFeePayerBody,
  setFundBody,
} from '../../services/vote/index.js';
import { addressArg, keyArg } from '../rpc.js';
import { bodyOf, txCommand } from './tx-command.js';

interface CreateOptions {
  nodeKey: string;
  feePayer?: string;
  fund?: string;
}

function registerCreate(va: Command): void {
  txCommand<CreateOptions>(
    va,
    'create',
    'create the vote account of a node key (the signer becomes its authority)',
    (c) =>
      c
        .requiredOption('--node-key <file>', "the validator's consensus key file (consents to the account)")
        .option('--fee-payer <address>', 'account paying the validator’s VED fees (default: the signer)')
        .option('--fund <address>', 'fee-payer fund account (default: the signer)'),
    (o) => {
      const node = keyArg(o.nodeKey);
      const feePayer = o.feePayer === undefined ? undefined : addressArg(o.feePayer, '--fee-payer');
      const fund = o.fund === undefined ? undefined : addressArg(o.fund, '--fund');
      return (signer, chainContext) => {
        const authority = addressFromPublicKey(signer.publicKey);
        const consent = { authority, fee_payer: feePayer ?? authority, fund: fund ?? authority };
        const sig = node.sign(createConsentContext(chainContext), encodeWith(createConsentCodec, consent));
        return {
          method: METHOD_CREATE_ACCOUNT,
          body: bodyOf(createAccountBody, { node: node.publicKey, ...consent, node_signature: sig }),
        };
      };
    },
  );
}

/** Register `tandem tx vote-account …`. */
export function registerVoteAccountCommands(tx: Command): void {
  const va = tx.command('vote-account').description('manage a vote account (the signer is its authority)');
  registerCreate(va);
  for (const [name, method, what] of [
    ['activate', METHOD_ACTIVATE, 'join the VED membership at the next recomputation'],
    ['deactivate', METHOD_DEACTIVATE, 'leave the VED membership at the next recomputation'],
  ] as const) {
    txCommand<{ account: string }>(
      va,
      name,
      what,
      (c) => c.requiredOption('--account <address>', 'vote account address'),
      (o) => {
        const account = addressArg(o.account, '--account');
        return () => ({ method, body: bodyOf(accountBody, { account }) });
      },
    );
  }
  const setters = [
    [
      'set-authority',
      METHOD_SET_AUTHORITY,
      (account: Uint8Array, a: Uint8Array) => bodyOf(setAuthorityBody, { account, authority: a }),
    ],
    [
      'set-fee-payer',
      METHOD_SET_FEE_PAYER,
      (account: Uint8Array, a: Uint8Array) => bodyOf(setFeePayerBody, { account, fee_payer: a }),
    ],
    [
      'set-fund',
      METHOD_SET_FUND,
      (account: Uint8Array, a: Uint8Array) => bodyOf(setFundBody, { account, fund: a }),
    ],
  ] as const;
  for (const [name, method, body] of setters) {
    txCommand<{ account: string; address: string }>(
      va,
      name,
      `change the vote account's ${name.slice(4)}`,
      (c) =>
        c
          .requiredOption('--account <address>', 'vote account address')
          .requiredOption('--address <address>', 'the new address'),
      (o) => {
        const account = addressArg(o.account, '--account');
        const address = addressArg(o.address, '--address');
        return () => ({ method, body: body(account, address) });
      },
    );
  }
}
