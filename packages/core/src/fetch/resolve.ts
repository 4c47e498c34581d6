/** Finding the addresses a URL's host may be dialled at: its literal IP or its resolved names, each checked. */
import { lookup } from "node:dns/promises";
import { FetchError } from "../errors.ts";
import { type InternalPolicy, literalAddress, refusalReason } from "./address.ts";
import type { ResolvedAddress } from "./request.ts";
import { shownUrl } from "./shown-url.ts";

/** Resolves a host name to every address it has (dns.promises.lookup with `all: true`). */
export async function systemResolve(hostname: string): Promise<ResolvedAddress[]> {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** How to find and check a host's addresses. */
export interface AddressRules {
  resolve: (hostname: string) => Promise<ResolvedAddress[]>;
  /** An earlier hop of the same request reached a public address. */
  afterPublic: boolean;
  internal: InternalPolicy;
  signal: AbortSignal;
  /** What a refusal says is refused: "fetch" (feeds), "call" (WebSub callbacks). */
  verb: string;
}

/**
 * The addresses to dial for `url`: its literal IP, or every address its name resolves to — each one allowed
 * by `refusalReason`, else none is dialled. Checked on the resolved addresses, so a name that points at a
 * forbidden address is refused like the address itself.
 * @throws FetchError "network" when the name does not resolve, "forbidden-address" when an address is refused;
 *   the signal's reason once it aborts.
 */
export async function allowedAddresses(url: URL, rules: AddressRules): Promise<ResolvedAddress[]> {
  const literal = literalAddress(url.hostname);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [literal];
  } else {
    try {
      addresses = await abortable(rules.resolve(url.hostname), rules.signal);
    } catch (error) {
      if (rules.signal.aborted) throw rules.signal.reason;
      const code = (error as NodeJS.ErrnoException).code;
      throw new FetchError("network", `could not resolve ${url.hostname} (${code ?? (error as Error).message})`, {
        cause: error,
      });
    }
    if (addresses.length === 0) throw new FetchError("network", `could not resolve ${url.hostname} (no address)`);
  }
  for (const { address } of addresses) {
    const reason = refusalReason(address, rules.afterPublic, rules.internal);
    if (reason) throw new FetchError("forbidden-address", `refusing to ${rules.verb} ${shownUrl(url)}: ${reason}`);
  }
  return addresses;
}
