/** Chain parameters for the executor, derived from a validated genesis document. */
import { ProgramTable } from '../accounts/programs.js';
import type { EpochSchedule } from '../epoch.js';
import type { ChainParams } from '../executor/params.js';
import type { Service } from '../service.js';
import { chainContextOf, type GenesisDocument } from './document.js';
import { validateGenesis } from './validate.js';

/**
 * The executor's chain params. Programs are the given services (plus system and vote, always
 * present); `epochs` comes from the epochtime service, which sits above this layer.
 */
export function chainParamsFromGenesis(
  doc: GenesisDocument,
  services: readonly Service[],
  epochs: EpochSchedule,
): ChainParams {
  validateGenesis(doc);
  return {
    chainContext: chainContextOf(doc),
    epochs,
    maxTxBytes: doc.params.max_tx_bytes,
    txByteGas: doc.params.gas_costs.tx_byte,
    programs: new ProgramTable(
      services.map((s) => s.name),
      doc.params.ved_programs,
    ),
  };
}
