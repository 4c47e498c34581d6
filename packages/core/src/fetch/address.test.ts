import { connect, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Publisher, startPublisher } from "../../../../testkit/publisher.ts";
import { FetchError } from "../errors.ts";
import { type AddressClass, classifyAddress, Fetcher, refusalReason } from "./index.ts";

describe("classifyAddress", () => {
  const table: [string, AddressClass][] = [
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["::ffff:10.0.0.1", "private"],
    ["169.254.169.254", "link-local"],
    ["169.254.0.1", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf::1", "link-local"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["::ffff:0:169.254.169.254", "link-local"],
    ["::169.254.169.254", "link-local"],
    ["64:ff9b::169.254.169.254", "link-local"],
    ["2002:a9fe:a9fe::1", "link-local"],
    ["0.0.0.0", "reserved"],
    ["0.1.2.3", "reserved"],
    ["::", "reserved"],
    ["224.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["ff02::1", "reserved"],
    ["8.8.8.8", "public"],
    ["172.32.0.1", "public"],
    ["100.128.0.1", "public"],
    ["169.255.0.1", "public"],
    ["203.0.113.10", "public"],
    ["2606:4700::1111", "public"],
    ["::ffff:8.8.8.8", "public"],
    ["fec0::1", "private"],
    ["example.org", "invalid"],
    ["", "invalid"],
    ["999.1.1.1", "invalid"],
  ];
  it.each(table)("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each([
    ["169.254.169.254", false, true],
    ["fe80::1", false, true],
    ["not-an-ip", false, true],
    ["127.0.0.1", false, false],
    ["10.0.0.1", false, false],
    ["127.0.0.1", true, true],
    ["10.0.0.1", true, true],
    ["0.0.0.0", true, true],
    ["::1", true, true],
    ["203.0.113.10", true, false],
  ] as const)("%s after a public hop: %s, refused: %s", (address, afterPublic, refused) => {
    expect(refusalReason(address, afterPublic) !== null).toBe(refused);
  });
});

describe("address rules of the fetcher", () => {
  let publisher: Publisher;
  beforeAll(async () => {
    publisher = await startPublisher();
    publisher.set("/feed", { body: "<rss/>" });
  });
  afterAll(() => publisher.close());

  const names: Record<string, string[]> = {
    "public.test": ["203.0.113.10"],
    "other-public.test": ["198.51.100.7"],
    "private.test": ["10.0.0.5"],
    "internal.test": ["192.168.1.1"],
    "metadata.test": ["169.254.169.254"],
    "metadata6.test": ["fe80::a9fe:a9fe"],
    "mixed.test": ["203.0.113.11", "169.254.169.254"],
  };

  /** A fetcher whose resolver knows only `names` and whose dialler records the address and connects to the publisher on 127.0.0.1. */
  function harness(port = Number(new URL(publisher.url).port)) {
    const dialled: string[] = [];
    const resolved: string[] = [];
    const fetcher = new Fetcher({
      concurrency: 4,
      perHost: 2,
      timeoutMs: 5_000,
      maxBytes: 1 << 20,
      resolve: async (hostname) => {
        resolved.push(hostname);
        const addresses = names[hostname];
        if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
        return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
      },
      dial: (address): Socket => {
        dialled.push(address);
        return connect({ host: "127.0.0.1", port });
      },
    });
    return { fetcher, dialled, resolved };
  }

  async function kindOf(promise: Promise<unknown>): Promise<string> {
    return promise.then(
      () => "ok",
      (error: unknown) => (error instanceof FetchError ? error.kind : String(error)),
    );
  }

  it.each([
    ["a public name", "http://public.test/feed", "203.0.113.10"],
    ["a private name", "http://private.test/feed", "10.0.0.5"],
    ["a loopback literal", "http://127.0.0.1/feed", "127.0.0.1"],
    ["an IPv6 loopback literal", "http://[::1]/feed", "::1"],
  ])("fetches %s on a first request, dialling the resolved address", async (_name, url, address) => {
    const { fetcher, dialled } = harness();
    expect(await kindOf(fetcher.fetch({ url }))).toBe("ok");
    expect(dialled).toEqual([address]);
  });

  it.each([
    "http://metadata.test/latest/meta-data/",
    "http://metadata6.test/",
    "http://mixed.test/feed",
    "http://169.254.169.254/latest/meta-data/",
    "http://2852039166/",
    "http://0xA9FEA9FE/",
    "http://0251.0376.0251.0376/",
    "http://169.254.43518/",
    "http://[::ffff:169.254.169.254]/",
    "http://[fe80::1]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "https://169.254.169.254/",
  ])("never dials the link-local address of %s", async (url) => {
    const { fetcher, dialled } = harness();
    expect(await kindOf(fetcher.fetch({ url }))).toBe("forbidden-address");
    expect(dialled).toEqual([]);
  });

  it.each([
    ["a link-local name", "http://metadata.test/latest/meta-data/", "169.254.169.254"],
    ["a private literal", "http://10.0.0.1/", "10.0.0.1"],
    ["a loopback literal", "http://127.0.0.1/", "127.0.0.1"],
    ["the loopback name", "http://localhost.test/", "127.0.0.1"],
    ["an IPv6 loopback literal", "http://[::1]/", "::1"],
    ["a private name", "http://internal.test/", "192.168.1.1"],
    ["0.0.0.0", "http://0.0.0.0/", "0.0.0.0"],
    ["a decimal loopback", "http://2130706433/", "127.0.0.1"],
  ])("refuses a redirect from a public address to %s", async (name, to, forbidden) => {
    names["localhost.test"] = ["127.0.0.1"];
    const path = `/redirect/${encodeURIComponent(name)}`;
    publisher.set(path, { redirect: { to } });
    const { fetcher, dialled } = harness();
    expect(await kindOf(fetcher.fetch({ url: `http://public.test${path}` }))).toBe("forbidden-address");
    expect(dialled).toEqual(["203.0.113.10"]);
    expect(dialled).not.toContain(forbidden);
  });

  it("refuses an internal address anywhere after a public hop", async () => {
    publisher.set("/hop/private-to-public", { redirect: { to: "http://public.test/hop/public-to-private" } });
    publisher.set("/hop/public-to-private", { redirect: { to: "http://private.test/feed" } });
    const { fetcher, dialled } = harness();
    const kind = await kindOf(fetcher.fetch({ url: "http://private.test/hop/private-to-public" }));
    expect(kind).toBe("forbidden-address");
    expect(dialled).toEqual(["10.0.0.5", "203.0.113.10"]);
  });

  it.each([
    ["public to public", "http://public.test", "http://other-public.test/feed", ["203.0.113.10", "198.51.100.7"]],
    ["private to loopback", "http://private.test", "http://127.0.0.1/feed", ["10.0.0.5", "127.0.0.1"]],
  ])("follows a redirect from %s", async (name, from, to, expected) => {
    const path = `/allowed/${encodeURIComponent(name)}`;
    publisher.set(path, { redirect: { to } });
    const { fetcher, dialled } = harness();
    expect(await kindOf(fetcher.fetch({ url: `${from}${path}` }))).toBe("ok");
    expect(dialled).toEqual(expected);
  });

  it.each([
    ["a loopback literal", "http://127.0.0.1/feed"],
    ["a private name", "http://private.test/feed"],
    ["a reserved literal", "http://0.0.0.0/feed"],
  ])("refuses %s learned after a public address (afterPublic), dialling nothing", async (_name, url) => {
    const { fetcher, dialled } = harness();
    expect(await kindOf(fetcher.fetch({ url, afterPublic: true }))).toBe("forbidden-address");
    expect(dialled).toEqual([]);
  });

  it.each([
    ["a private name", { url: "http://private.test/feed" }, false],
    ["a loopback literal", { url: "http://127.0.0.1/feed" }, false],
    ["a public name", { url: "http://public.test/feed" }, true],
    ["a redirect from private to public", { url: "http://private.test/to-public" }, true],
    ["a public name learned after a public address", { url: "http://public.test/feed", afterPublic: true }, true],
  ])("reports whether %s reached a public address", async (_name, request, reached) => {
    publisher.set("/to-public", { redirect: { to: "http://public.test/feed" } });
    const result = await harness().fetcher.fetch(request);
    expect(result).toMatchObject({ status: "ok", reachedPublic: reached });
  });

  it("speaks TLS to the dialled address with the host name for SNI and certificate checks", async () => {
    const names: string[] = [];
    const server = createTlsServer({
      SNICallback: (servername, callback) => {
        names.push(servername);
        callback(new Error("no certificate here"));
      },
    });
    server.on("tlsClientError", () => {});
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { fetcher, dialled } = harness((server.address() as { port: number }).port);
      const error = await fetcher.fetch({ url: "https://public.test/feed" }).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(FetchError);
      expect((error as FetchError).kind).toBe("network");
      expect(names).toEqual(["public.test"]);
      expect(dialled).toEqual(["203.0.113.10"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
