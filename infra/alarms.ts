import { POLLER_METRICS } from "@tributary/core/aws";

/**
 * Settings of the alarm on sources failing for more than a day (`PollSourcesFailingOverADay`), an operator's
 * choice rather than the configuration's: it fires when at least `sources` sources have been failing for more than
 * a day (the schedule's `SourcesFailingOverADay` gauge, at its highest over `periodSeconds`) in each of
 * `evaluationPeriods` periods in a row. Change them here and deploy.
 */
export const FAILING_OVER_A_DAY_ALARM = { sources: 1, periodSeconds: 3600, evaluationPeriods: 1 } as const;

/**
 * The poller's alarms, published to the `PollerAlarms` SNS topic (subscribe to it; `ALARM_EMAIL` at deploy time
 * subscribes that address):
 * - `PollSourcesFailing`: at least half of the polls of the last hour failed (SourcesFailing against SourcesOk),
 *   which is an outage of the publisher, of DNS or of egress rather than one dead feed (/sources shows those).
 * - `PollSourcesFailingOverADay`: a source has been failing for more than a day (`FAILING_OVER_A_DAY_ALARM`): one
 *   dead or moved feed, which the share above never shows.
 * - `PollDeadLetters`: messages reached the dead-letter queue: storage kept failing for a source's poll.
 */
export function pollerAlarms(deadLetterQueueName: $util.Input<string>) {
  const topic = new sst.aws.SnsTopic("PollerAlarms");
  const email = process.env.ALARM_EMAIL;
  if (email) {
    new aws.sns.TopicSubscription("PollerAlarmsEmail", { topic: topic.arn, protocol: "email", endpoint: email });
  }
  const metric = (metricName: string) => ({
    namespace: POLLER_METRICS.namespace,
    metricName,
    dimensions: { service: POLLER_METRICS.service },
    period: 3600,
    stat: "Sum",
  });
  const sourcesFailing = new aws.cloudwatch.MetricAlarm("PollSourcesFailing", {
    alarmDescription: "At least half of the source polls of the last hour failed (fetch or parse).",
    metricQueries: [
      { id: "failing", metric: metric("SourcesFailing"), returnData: false },
      { id: "ok", metric: metric("SourcesOk"), returnData: false },
      { id: "share", expression: "failing / (failing + ok)", label: "Share of polls failing", returnData: true },
    ],
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    threshold: 0.5,
    evaluationPeriods: 1,
    treatMissingData: "notBreaching",
    alarmActions: [topic.arn],
    okActions: [topic.arn],
  });
  const failingOverADay = new aws.cloudwatch.MetricAlarm("PollSourcesFailingOverADay", {
    alarmDescription:
      "Sources have been failing for more than a day: /sources (failing first) names them and their last error.",
    namespace: POLLER_METRICS.namespace,
    metricName: POLLER_METRICS.failingOverADay,
    dimensions: { service: POLLER_METRICS.service },
    statistic: "Maximum",
    period: FAILING_OVER_A_DAY_ALARM.periodSeconds,
    evaluationPeriods: FAILING_OVER_A_DAY_ALARM.evaluationPeriods,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    threshold: FAILING_OVER_A_DAY_ALARM.sources,
    treatMissingData: "notBreaching",
    alarmActions: [topic.arn],
    okActions: [topic.arn],
  });
  const deadLetters = deadLetterAlarm(
    "PollDeadLetters",
    "Poll messages reached the dead-letter queue: storing a source's items kept failing.",
    deadLetterQueueName,
    topic,
  );
  return { topic, sourcesFailing, failingOverADay, deadLetters };
}

/**
 * WebSub's alarm, on its own `WebSubAlarms` SNS topic (`ALARM_EMAIL` subscribes too): `WebSubDeadLetters` fires when a delivery was dropped after every retry, or a delivery or verification message kept failing.
 * Deliveries sent and failed are metrics of namespace `Tributary`, service `websub` (DeliveriesSent,
 * DeliveriesFailed, DeliveriesDropped).
 */
export function websubAlarms(deadLetterQueueName: $util.Input<string>) {
  const topic = new sst.aws.SnsTopic("WebSubAlarms");
  const email = process.env.ALARM_EMAIL;
  if (email) {
    new aws.sns.TopicSubscription("WebSubAlarmsEmail", { topic: topic.arn, protocol: "email", endpoint: email });
  }
  const deadLetters = deadLetterAlarm(
    "WebSubDeadLetters",
    "WebSub deliveries were dropped after every retry, or delivery messages kept failing.",
    deadLetterQueueName,
    topic,
  );
  return { topic, deadLetters };
}

/** An alarm on the SNS topic when a dead-letter queue holds any message (checked every 5 minutes). */
function deadLetterAlarm(
  name: string,
  description: string,
  queueName: $util.Input<string>,
  topic: { arn: $util.Output<string> },
) {
  return new aws.cloudwatch.MetricAlarm(name, {
    alarmDescription: description,
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: queueName },
    statistic: "Maximum",
    period: 300,
    evaluationPeriods: 1,
    comparisonOperator: "GreaterThanThreshold",
    threshold: 0,
    treatMissingData: "notBreaching",
    alarmActions: [topic.arn],
  });
}
