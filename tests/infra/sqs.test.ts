/**
 * The schedule's SQS sender against a local stand-in for the SQS JSON API (no AWS): batches of ten, retries of
 * the entries SQS reports as failed, an error naming the ones it refuses. And the worker's metrics as EMF.
 */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SQSClient } from "@aws-sdk/client-sqs";
import { POLLER_METRICS } from "@tributary/core/aws";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { QueueEntry } from "../../functions/poller/messages.ts";
import { sqsPollQueue } from "../../functions/poller/queue.ts";
import { recordCycle } from "../../functions/poller/telemetry.ts";
import { functionMetrics } from "../../functions/runtime.ts";

interface Call {
  target: string;
  queueUrl: string;
  entries: QueueEntry[];
}

/** Answers SendMessageBatch; `fail` decides, per call and entry, whether SQS refuses it and whose fault that is. */
async function sqsStub(fail: (entry: QueueEntry, call: number) => "retry" | "sender" | null = () => null) {
  const calls: Call[] = [];
  const server: Server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk) => {
      text += chunk;
    });
    request.on("end", () => {
      const body = JSON.parse(text) as { QueueUrl: string; Entries: QueueEntry[] };
      calls.push({ target: String(request.headers["x-amz-target"]), queueUrl: body.QueueUrl, entries: body.Entries });
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of body.Entries) {
        const fault = fail(entry, calls.length);
        if (fault)
          Failed.push({
            Id: entry.Id,
            Code: fault === "sender" ? "InvalidParameterValue" : "InternalError",
            SenderFault: fault === "sender",
          });
        else
          Successful.push({
            Id: entry.Id,
            MessageId: `msg-${entry.Id}`,
            MD5OfMessageBody: createHash("md5").update(entry.MessageBody).digest("hex"),
            SequenceNumber: "1",
          });
      }
      response.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
      response.end(JSON.stringify({ Successful, Failed }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new SQSClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });
  return {
    calls,
    queue: sqsPollQueue(`${endpoint}/123456789012/tributary-test-PollQueue.fifo`, client),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const entries = (n: number): QueueEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    Id: `m${i}`,
    MessageBody: JSON.stringify({ sourceId: `s${i}`, scheduledAt: "2025-03-01T10:00:00.000Z" }),
    MessageGroupId: `host${i % 3}#0`,
    MessageDeduplicationId: `s${i}@2025-03-01T10:00:00.000Z`,
  }));

let stub: Awaited<ReturnType<typeof sqsStub>> | undefined;
afterEach(() => stub?.close());

describe("sqsPollQueue", () => {
  it("sends SendMessageBatch requests of at most ten entries, every entry once", async () => {
    stub = await sqsStub();
    await stub.queue.send(entries(23));
    expect(stub.calls.map((c) => c.entries.length).sort()).toEqual([10, 10, 3]);
    expect(new Set(stub.calls.map((c) => c.target))).toEqual(new Set(["AmazonSQS.SendMessageBatch"]));
    expect(stub.calls[0]?.queueUrl).toMatch(/PollQueue\.fifo$/);
    const sent = stub.calls.flatMap((c) => c.entries);
    expect(sent.map((e) => e.Id).sort()).toEqual(
      entries(23)
        .map((e) => e.Id)
        .sort(),
    );
    expect(sent[0]).toMatchObject({ MessageGroupId: expect.any(String), MessageDeduplicationId: expect.any(String) });
  });

  it("sends again the entries SQS failed on its side", async () => {
    stub = await sqsStub((entry, call) => (call === 1 && entry.Id === "m3" ? "retry" : null));
    await stub.queue.send(entries(5));
    expect(stub.calls.map((c) => c.entries.map((e) => e.Id))).toEqual([["m0", "m1", "m2", "m3", "m4"], ["m3"]]);
  });

  it("fails naming the entries SQS refuses", async () => {
    stub = await sqsStub((entry) => (entry.Id === "m1" ? "sender" : null));
    await expect(stub.queue.send(entries(3))).rejects.toThrow(/m1: InvalidParameterValue/);
  });
});

describe("worker metrics", () => {
  it("are one EMF document in the Tributary namespace with the service dimension", () => {
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const metrics = functionMetrics(POLLER_METRICS);
      recordCycle(metrics, {
        summary: { sources: 3, fetched: 1, notModified: 1, failed: 1, itemsNew: 4, itemsUpdated: 1, itemsUnchanged: 2 },
        reports: [
          { id: "a", outcome: "fetched", status: "ok", ms: 120, bytes: 9, new: 4, updated: 1, unchanged: 0 },
          { id: "b", outcome: "not-modified", status: "ok", ms: 30, bytes: 0, new: 0, updated: 0, unchanged: 2 },
          {
            id: "c",
            outcome: "failed",
            status: "failing",
            ms: 15_000,
            bytes: 0,
            new: 0,
            updated: 0,
            unchanged: 0,
            error: "timeout",
          },
        ],
        storageFailed: false,
        storageError: null,
      });
      metrics.publishStoredMetrics();
    } finally {
      write.mockRestore();
    }
    const emf = lines.map((line) => JSON.parse(line)).find((doc) => doc._aws);
    expect(emf._aws.CloudWatchMetrics[0].Namespace).toBe(POLLER_METRICS.namespace);
    expect(emf._aws.CloudWatchMetrics[0].Dimensions).toEqual([["service"]]);
    expect(emf.service).toBe(POLLER_METRICS.service);
    const names = emf._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name);
    expect(names).toEqual(
      expect.arrayContaining(["SourcesOk", "SourcesFailing", "ItemsNew", "ItemsUpdated", "FetchMs", "StorageFailures"]),
    );
    expect(emf).toMatchObject({
      SourcesOk: 2,
      SourcesFailing: 1,
      ItemsNew: 4,
      ItemsUpdated: 1,
      FetchMs: [120, 30, 15_000],
    });
  });
});
