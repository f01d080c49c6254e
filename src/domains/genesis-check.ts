/**
 * The full check of a genesis document as a node would run it, naming every problem instead of
 * the first. The programs check their own sections when their genesis state is built, and each
 * stops at its first problem; here every program's section is normalized and its genesis run on
 * scratch trees separately, so one report holds the problems of all of them. Only a document
 * without any problem goes on to the whole-chain checks (the genesis validators against the vote
 * program's membership), which need every section to be right.
 */
import { TandemError } from '../common/index.js';
import { type GenesisDocument, initGenesis, type Service } from '../consensus/index.js';
import { MemoryNodeDB, Tree } from '../mkvs/index.js';
import { ChainApp } from './chain-app.js';
import { DomainsError } from './errors.js';
import { normalizeGenesisServices, normalizeServicesCollecting } from './genesis-normalize.js';
import { createPrograms, type ProgramsOptions } from './programs.js';

const line = (where: string, e: TandemError): string => `${where}: ${e.message} [${e.module}/${e.code}]`;

/** The services with each genesis hook reporting its problem instead of throwing it. */
function reporting(
  services: readonly Service[],
  skip: ReadonlySet<string>,
  problems: Set<string>,
): Service[] {
  return services.map((s) => {
    const init = s.initGenesis;
    if (init === undefined) return s;
    return {
      ...s,
      async initGenesis(ctx, g) {
        if (skip.has(s.name)) return;
        try {
          await init.call(s, ctx, g);
        } catch (e) {
          if (!(e instanceof TandemError)) throw e;
          problems.add(line(`services.${s.name}`, e));
        }
      },
    };
  });
}

/** Every problem of the programs' genesis sections (normalization and genesis state). */
export async function genesisProblems(doc: GenesisDocument, opts: ProgramsOptions = {}): Promise<string[]> {
  const n = normalizeServicesCollecting(doc.services);
  const problems = new Set(n.problems);
  // A section that did not convert is left out, so the other programs are still checked.
  const services = Object.fromEntries(Object.entries(n.services).filter(([k]) => !n.failed.has(k)));
  const typed = { ...doc, services };
  let programs: ReturnType<typeof createPrograms>;
  try {
    programs = createPrograms(typed, opts);
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    return [...problems, line('genesis', e)];
  }
  const trees = { ved: new Tree({ db: new MemoryNodeDB() }), ued: new Tree({ db: new MemoryNodeDB() }) };
  try {
    await initGenesis(typed, programs.params, reporting(programs.services, n.failed, problems), trees);
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    problems.add(line('genesis', e));
  }
  return [...problems];
}

/**
 * Check a document fully; returns its chain context, or throws {@link DomainsError.INVALID_GENESIS}
 * naming every problem, separated by "; ".
 */
export async function checkChainGenesis(
  doc: GenesisDocument,
  opts: ProgramsOptions = {},
): Promise<{ chainContext: string }> {
  const problems = await genesisProblems(doc, opts);
  if (problems.length > 0) {
    throw new DomainsError(DomainsError.INVALID_GENESIS, `genesis: ${problems.join('; ')}`);
  }
  const typed = { ...doc, services: normalizeGenesisServices(doc.services) };
  const app = await ChainApp.create({ genesis: typed, programs: createPrograms(typed, opts) });
  return { chainContext: app.programs.params.chainContext };
}
