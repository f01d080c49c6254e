/**
 * Loading the node's YAML configuration: parse (duplicate keys and syntax errors name their line),
 * validate against {@link configSchema} (each problem names its path, e.g. `p2p.listen.0`), and
 * resolve relative paths against the config file's directory. Every failure is one
 * `NodeError.CONFIG` listing all the problems found.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import type { z } from 'zod';
import { configSchema, type RawConfig } from './config-schema.js';
import { NodeError } from './errors.js';

export { configSchema, type RawConfig } from './config-schema.js';

/** A validated configuration whose paths are absolute. */
export type NodeConfig = RawConfig;

/** Largest config file read (a config is a few kilobytes). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

function describeIssue(i: z.core.$ZodIssue): string {
  const path = i.path.map(String).join('.');
  if (i.code === 'unrecognized_keys') {
    const keys = i.keys.map((k) => `"${k}"`).join(', ');
    return `${path || '(top level)'}: unknown key${i.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  return `${path || '(top level)'}: ${i.message}`;
}

/**
 * Validate a configuration given as YAML text; `source` names it in errors and `baseDir` is where
 * relative paths start.
 * @throws NodeError CONFIG naming the source and each problem.
 */
export function parseConfig(text: string, source: string, baseDir: string): NodeConfig {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const why = doc.errors.map((e) => e.message.split('\n')[0]).join('; ');
    throw new NodeError(NodeError.CONFIG, `${source}: invalid YAML: ${why}`);
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new NodeError(NodeError.CONFIG, `${source}: the config must be a mapping of options`);
  }
  const r = configSchema.safeParse(value);
  if (!r.success) {
    const issues = r.error.issues.map(describeIssue);
    throw new NodeError(NodeError.CONFIG, `${source}: ${issues.join('; ')}`, { issues });
  }
  const c = r.data;
  return {
    ...c,
    data_dir: resolve(baseDir, c.data_dir),
    genesis_file: resolve(baseDir, c.genesis_file),
    keys_dir: resolve(baseDir, c.keys_dir),
  };
}

/** Read and validate the configuration file at `path`. */
export function loadConfig(path: string): NodeConfig {
  let text: string;
  try {
    const buf = readFileSync(path);
    if (buf.length > MAX_CONFIG_BYTES) {
      throw new NodeError(NodeError.CONFIG, `${path}: larger than ${MAX_CONFIG_BYTES} bytes`);
    }
    text = buf.toString('utf8');
  } catch (e) {
    if (e instanceof NodeError) throw e;
    throw new NodeError(NodeError.CONFIG, `${path}: cannot read: ${(e as Error).message}`);
  }
  return parseConfig(text, path, dirname(resolve(path)));
}

/** The YAML text of a configuration given in the file's own (snake_case) shape. */
export function configToYaml(c: Record<string, unknown>): string {
  return stringify(c, { lineWidth: 0 });
}
