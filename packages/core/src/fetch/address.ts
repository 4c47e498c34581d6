/** What an IP address reaches, and whether a fetch may dial it. Checked on resolved addresses, not on names. */
import { isIP, isIPv4 } from "node:net";

/**
 * Where an address leads. `link-local` (cloud metadata lives there) and `invalid` are never dialled;
 * `loopback`, `private` and `reserved` are internal: allowed for a first request, refused after a public hop.
 */
export type AddressClass = "loopback" | "private" | "link-local" | "reserved" | "public" | "invalid";

type Range = readonly [base: string, bits: number, kind: AddressClass];

// Documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24) are not internal to anyone: they stay public.
const V4_RANGES: readonly Range[] = [
  ["0.0.0.0", 8, "reserved"], // "this network"; 0.0.0.0 reaches the local host on Linux
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "private"], // carrier-grade NAT
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"], // IETF protocol assignments
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "private"], // benchmarking
  ["224.0.0.0", 4, "reserved"], // multicast
  ["240.0.0.0", 4, "reserved"], // future use, broadcast
];

function v4Number(address: string): number {
  return address.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

function classifyV4(value: number): AddressClass {
  for (const [base, bits, kind] of V4_RANGES) {
    const size = 2 ** (32 - bits);
    if (Math.floor(value / size) === Math.floor(v4Number(base) / size)) return kind;
  }
  return "public";
}

/** The eight 16-bit words of a valid IPv6 address (a dotted IPv4 tail becomes the last two). */
function v6Words(address: string): number[] {
  let text = address;
  const tailStart = text.lastIndexOf(":") + 1;
  const tail = text.slice(tailStart);
  if (isIPv4(tail)) {
    const value = v4Number(tail);
    text = `${text.slice(0, tailStart)}${Math.floor(value / 65536).toString(16)}:${(value % 65536).toString(16)}`;
  }
  const [head = "", rest] = text.split("::");
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((word) => Number.parseInt(word, 16)));
  const first = parse(head);
  if (rest === undefined) return first;
  const last = parse(rest);
  return [...first, ...new Array<number>(8 - first.length - last.length).fill(0), ...last];
}

function classifyV6(words: number[]): AddressClass {
  const [w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0, w6 = 0, w7 = 0] = words;
  const embedded = w6 * 65536 + w7;
  const zeroTo = (end: number) => words.slice(0, end).every((word) => word === 0);
  if (zeroTo(7) && w7 === 1) return "loopback";
  if (zeroTo(8)) return "reserved"; // unspecified
  // Forms that carry an IPv4 address and reach it: mapped, translated, compatible, NAT64, 6to4.
  if (zeroTo(5) && w5 === 0xffff) return classifyV4(embedded);
  if (zeroTo(4) && w4 === 0xffff && w5 === 0) return classifyV4(embedded);
  if (zeroTo(6)) return classifyV4(embedded);
  if (w0 === 0x64 && w1 === 0xff9b && (w2 === 0 || w2 === 1) && w3 === 0 && w4 === 0 && w5 === 0) {
    return classifyV4(embedded);
  }
  if (w0 === 0x2002) return classifyV4(w1 * 65536 + w2);
  if ((w0 & 0xffc0) === 0xfe80) return "link-local";
  if ((w0 & 0xffc0) === 0xfec0) return "private"; // deprecated site-local
  if ((w0 & 0xfe00) === 0xfc00) return "private"; // unique local
  if ((w0 & 0xff00) === 0xff00) return "reserved"; // multicast
  if (w0 === 0x100 && w1 === 0 && w2 === 0 && w3 === 0) return "reserved"; // discard prefix
  return "public";
}

/**
 * Classifies an IPv4 or IPv6 address (brackets and zone ids allowed); anything else is `invalid`.
 * @example classifyAddress("::ffff:169.254.169.254") // "link-local"
 */
export function classifyAddress(address: string): AddressClass {
  const bare = address.replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  switch (isIP(bare)) {
    case 4:
      return classifyV4(v4Number(bare));
    case 6:
      return classifyV6(v6Words(bare));
    default:
      return "invalid";
  }
}

/** Whether an address class is internal to the machine or its network (loopback, private, reserved). */
export function isInternal(kind: AddressClass): boolean {
  return kind === "loopback" || kind === "private" || kind === "reserved";
}

/**
 * Which addresses a request may reach besides public ones: `internal` (loopback, private, reserved) is
 * `allowed` for feeds a configuration names, and `refused` for URLs strangers give (WebSub callbacks in AWS).
 * Link-local and invalid addresses are refused whatever the policy.
 */
export type InternalPolicy = "allowed" | "refused";

/**
 * Why an address may not be dialled, or null when it may. `afterPublic`: an earlier hop of the same
 * fetch (a redirect chain) reached a public address, so internal addresses are refused too.
 */
export function refusalReason(
  address: string,
  afterPublic: boolean,
  internal: InternalPolicy = "allowed",
): string | null {
  const kind = classifyAddress(address);
  if (kind === "link-local" || kind === "invalid")
    return `${address} is ${kind === "invalid" ? "not an IP address" : "link-local"}`;
  if (internal === "refused" && isInternal(kind)) return `${address} is ${kind}, and only public addresses are allowed`;
  if (afterPublic && isInternal(kind)) return `a redirect from a public address may not lead to ${address} (${kind})`;
  return null;
}

/** The IP address a URL hostname is written as (`[::1]`, `127.0.0.1`), or null for a name to resolve. */
export function literalAddress(hostname: string): { address: string; family: 4 | 6 } | null {
  const bare = hostname.replace(/^\[(.*)\]$/, "$1");
  const family = isIP(bare);
  return family === 4 || family === 6 ? { address: bare, family } : null;
}
