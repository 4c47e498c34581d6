/** Configured sources by id: an index built once per configuration, so a lookup costs the same at 100,000 sources. */
import type { Config, SourceConfig } from "./schema.ts";

const indexes = new WeakMap<Config, Map<string, number>>();

function indexOf(config: Config): Map<string, number> {
  let index = indexes.get(config);
  if (!index) {
    index = new Map(config.sources.map((source, n) => [source.id, n]));
    indexes.set(config, index);
  }
  return index;
}

/**
 * The position of source `id` in `config.sources` (configuration order), or -1 when it is not configured.
 * @example sourcePosition(config, config.sources[3].id) // 3
 */
export function sourcePosition(config: Config, id: string): number {
  return indexOf(config).get(id) ?? -1;
}

/** The configured source `id`, or undefined when there is none. */
export function configuredSource(config: Config, id: string): SourceConfig | undefined {
  const at = indexOf(config).get(id);
  return at === undefined ? undefined : config.sources[at];
}
