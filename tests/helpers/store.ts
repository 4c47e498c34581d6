import { randomUUID } from "node:crypto";
import { openStore, type Store } from "@tributary/core/store";
import { inject } from "vitest";

/** The engines the suite runs against. */
export type EngineName = "dynamodb-local" | "dynalite";

/** Endpoint of a test engine started by the global setup. */
export function engineEndpoint(engine: EngineName = "dynamodb-local"): string {
  return engine === "dynalite" ? inject("dynaliteEndpoint") : inject("dynamodbLocalEndpoint");
}

/** A store on a fresh table of its own, on a real engine. */
export async function createTestStore(
  options: { engine?: EngineName; retentionDays?: number; endpoint?: string } = {},
) {
  const endpoint = options.endpoint ?? engineEndpoint(options.engine);
  return openStore({
    endpoint,
    tableName: `t-${randomUUID()}`,
    retentionDays: options.retentionDays ?? 90,
    createTable: true,
    maxAttempts: 3,
  });
}

/** The store's record modules, by name. */
type Modules = Pick<
  Store,
  "items" | "lists" | "sources" | "markers" | "subscriptions" | "deliveries" | "budgets" | "stories" | "pages"
>;

/** A method of a record module, as `"module.method"` (`"items.commit"`, `"sources.save"`). */
export type StoreCall = {
  [M in keyof Modules]: `${M}.${Extract<keyof Modules[M], string>}`;
}[keyof Modules];

// biome-ignore lint/suspicious/noExplicitAny: a wrapped method keeps whatever arguments and result it has.
type AnyMethod = (...args: any[]) => Promise<any>;
// biome-ignore lint/suspicious/noExplicitAny: a wrap takes the arguments of the method it wraps.
type Wrap = (original: AnyMethod, ...args: any[]) => Promise<unknown>;

/**
 * The store with some methods of its record modules wrapped: `wraps["items.commit"](original, ...args)` runs in
 * place of `store.items.commit(...args)`, calling `original` (bound to the module) when it will. Everything else
 * is the store itself, so writes land in the same table.
 * @example intercept(store, { "sources.save": (save, state) => (state.id === "a" ? Promise.reject(err) : save(state)) })
 */
export function intercept(store: Store, wraps: Partial<Record<StoreCall, Wrap>>): Store {
  const copy = Object.create(store) as Store;
  const modules = new Map<keyof Modules, Record<string, unknown>>();
  for (const [call, wrap] of Object.entries(wraps)) {
    const [name, method] = call.split(".") as [keyof Modules, string];
    const module = store[name] as unknown as Record<string, AnyMethod>;
    const wrapped = modules.get(name) ?? (Object.create(module) as Record<string, unknown>);
    modules.set(name, wrapped);
    const original = (module[method] as AnyMethod).bind(module);
    wrapped[method] = (...args: unknown[]) => (wrap as AnyMethod)(original, ...args);
  }
  for (const [name, wrapped] of modules) Object.defineProperty(copy, name, { value: wrapped });
  return copy;
}
