/**
 * A WebSub subscriber on loopback (node:http): it records every request it receives and answers verification
 * GETs as told — echoing `hub.challenge`, echoing something else, or 404.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** How the subscriber answers a verification GET. */
export type SubscriberBehaviour = "echo" | "wrong-challenge" | "not-found";

/** One request the subscriber received. */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A running subscriber. */
export interface Subscriber {
  /** Its base URL (`http://127.0.0.1:PORT`); callbacks are paths under it. */
  url: string;
  /** Every request received, in order. */
  requests: ReceivedRequest[];
  behaviour: SubscriberBehaviour;
  /** Resolves once `count` requests have been received. */
  received(count: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/** Starts a subscriber on 127.0.0.1 with a free port. */
export async function startSubscriber(behaviour: SubscriberBehaviour = "echo"): Promise<Subscriber> {
  const requests: ReceivedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const subscriber = { behaviour } as Subscriber;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const received: ReceivedRequest = {
        method: req.method ?? "",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(received);
      const challenge = received.query["hub.challenge"];
      if (subscriber.behaviour === "not-found") res.writeHead(404).end("no such subscription");
      else if (challenge === undefined) res.writeHead(200).end();
      else if (subscriber.behaviour === "wrong-challenge") res.writeHead(200).end(`${challenge}x`);
      else res.writeHead(200, { "Content-Type": "text/plain" }).end(challenge);
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(subscriber, {
    url: `http://127.0.0.1:${port}`,
    requests,
    received: (count: number) =>
      requests.length >= count
        ? Promise.resolve(requests)
        : new Promise<ReceivedRequest[]>((resolve) => waiters.push({ count, resolve: () => resolve(requests) })),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
