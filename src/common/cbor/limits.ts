/** Bounds applied to every decode; callers tighten them per message type. */
export interface DecodeLimits {
  /** Maximum input size in bytes. */
  maxSize: number;
  /** Maximum nesting depth of arrays and maps (the top-level item is depth 1 when it is a container). */
  maxDepth: number;
  /** Maximum number of data items in total (every integer, string, array, map entry counts). */
  maxItems: number;
}

/** Defaults: generous for consensus messages, still bounded. */
export const DEFAULT_LIMITS: Readonly<DecodeLimits> = Object.freeze({
  maxSize: 16 * 1024 * 1024,
  maxDepth: 64,
  maxItems: 1_000_000,
});
