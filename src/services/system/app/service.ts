/** The system program as a {@link Service}: its methods run in both domains (APE-12). */
import type { DomainId, MethodDef, Service } from '../../../consensus/index.js';
import {
  type CreateAccountBody,
  createAccountCodec,
  METHOD_CREATE_ACCOUNT,
  METHOD_REQUEST_REMAP,
  METHOD_TRANSFER,
  type RequestRemapBody,
  requestRemapCodec,
  SYSTEM_GAS,
  type TransferBody,
  transferCodec,
} from '../api/methods.js';
import { readTransferBody } from '../api/transfer-bytes.js';
import { createAccount, requestRemapHandler, transfer, transferNow } from './handlers.js';

const BOTH: readonly DomainId[] = ['ved', 'ued'];

const createDef: MethodDef<CreateAccountBody> = {
  name: METHOD_CREATE_ACCOUNT,
  domain: 'ued',
  domains: BOTH,
  body: createAccountCodec,
  gas: SYSTEM_GAS.createAccount,
  handle: createAccount,
};
const transferDef: MethodDef<TransferBody> = {
  name: METHOD_TRANSFER,
  domain: 'ued',
  domains: BOTH,
  body: transferCodec,
  readBody: readTransferBody,
  gas: SYSTEM_GAS.transfer,
  handle: transfer,
  handleNow: transferNow,
};
const remapDef: MethodDef<RequestRemapBody> = {
  name: METHOD_REQUEST_REMAP,
  domain: 'ued',
  domains: BOTH,
  body: requestRemapCodec,
  gas: SYSTEM_GAS.requestRemap,
  handle: requestRemapHandler,
};

/** The system service. */
export const systemService: Service = { name: 'system', methods: [createDef, transferDef, remapDef] };
