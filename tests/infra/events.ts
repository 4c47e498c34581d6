/** Lambda events as AWS delivers them, for invoking handlers in tests. */
import { createHash, randomUUID } from "node:crypto";
import type { LambdaFunctionURLEvent, ScheduledEvent, SQSRecord } from "aws-lambda";
import type { QueueEntry } from "../../functions/poller/messages.ts";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";

/** An EventBridge "Scheduled Event", as infra/poller.ts has the schedule send it. */
export function scheduledEvent(time: Date): ScheduledEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.scheduler",
    account: ACCOUNT,
    time: time.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: REGION,
    resources: [`arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/default/tributary-test-PollSchedule`],
    detail: {},
  };
}

/** An SQS record of a FIFO queue, as the event source mapping hands it to the worker. */
export function sqsRecord(
  entry: Pick<QueueEntry, "MessageBody" | "MessageGroupId" | "MessageDeduplicationId">,
  receiveCount = 1,
): SQSRecord {
  const now = String(Date.now());
  return {
    messageId: randomUUID(),
    receiptHandle: randomUUID(),
    body: entry.MessageBody,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: now,
      SenderId: "AROAEXAMPLE:tributary-test-poll-schedule",
      ApproximateFirstReceiveTimestamp: now,
      SequenceNumber: String(Date.now() * 1000),
      MessageGroupId: entry.MessageGroupId,
      MessageDeduplicationId: entry.MessageDeduplicationId,
    },
    messageAttributes: {},
    md5OfBody: createHash("md5").update(entry.MessageBody).digest("hex"),
    eventSource: "aws:sqs",
    eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:tributary-test-PollQueue.fifo`,
    awsRegion: REGION,
  };
}

/** A Lambda function URL request (payload format 2.0) as CloudFront forwards it. */
export function functionUrlEvent(
  path: string,
  options: { query?: string; headers?: Record<string, string>; method?: string } = {},
): LambdaFunctionURLEvent {
  const domain = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws";
  const method = options.method ?? "GET";
  const now = new Date();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: options.query ?? "",
    headers: {
      host: domain,
      "user-agent": "Amazon CloudFront",
      "x-forwarded-proto": "https",
      "x-forwarded-for": "203.0.113.7",
      "x-amz-cf-id": randomUUID(),
      ...options.headers,
    },
    queryStringParameters: options.query ? Object.fromEntries(new URLSearchParams(options.query)) : undefined,
    requestContext: {
      accountId: "anonymous",
      apiId: domain.split(".")[0] as string,
      domainName: domain,
      domainPrefix: domain.split(".")[0] as string,
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "130.176.0.1", userAgent: "Amazon CloudFront" },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
}
