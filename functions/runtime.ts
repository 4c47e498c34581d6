/**
 * What every Lambda handler starts from, built once per instance: the configuration bundled at deploy time, the
 * linked table, a structured logger and EMF metrics for its family of functions, and the variables infra/ sets.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { MetricsService } from "@tributary/core/aws";
import { bundledConfigOf, type Config, validateConfig } from "@tributary/core/config";
import { openStore, resolveTableName, type Store } from "@tributary/core/store";
import configInput from "../tributary.config.ts";

/**
 * The configuration bundled into the function at deploy time, validated: the JSON configuration `TRIBUTARY_CONFIG`
 * named when deploying (defined into the bundle, functions/bundled-config.ts), else `tributary.config.ts` as the
 * bundler validated it (infra/config-plugin.mjs marks it; validated here when unmarked).
 * @throws ConfigError
 */
export function bundledConfig(): Config {
  // esbuild replaces this very expression with the JSON text when a JSON configuration is deployed.
  const json = process.env.TRIBUTARY_BUNDLED_CONFIG;
  return json ? validateConfig(JSON.parse(json)) : bundledConfigOf(configInput);
}

/** The linked table: its name comes from `TABLE_NAME`, which the link sets (see infra/storage.ts). */
export function linkedStore(config: Config): Promise<Store> {
  return openStore({ retentionDays: config.retentionDays, tableName: resolveTableName() });
}

/**
 * A variable infra/ sets on the function (a queue URL).
 * @throws Error naming the variable when it is not set
 * @example requiredEnv("WEBSUB_QUEUE_URL") // "https://sqs.eu-west-1.amazonaws.com/…/WebSubQueue"
 */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (infra/ sets it on the functions that need it)`);
  return value;
}

/** The structured JSON logger of a family of functions (level from `POWERTOOLS_LOG_LEVEL`, default INFO). */
export function functionLogger(family: MetricsService): Logger {
  return new Logger({ serviceName: family.service });
}

/** The CloudWatch metrics of a family of functions, written as EMF log lines (namespace and `service` dimension). */
export function functionMetrics(family: MetricsService): Metrics {
  return new Metrics({ namespace: family.namespace, serviceName: family.service });
}

/** Where a handler records metrics: a Powertools `Metrics`, or a recorder in tests. */
export interface MetricsSink {
  addMetric(name: string, unit: Parameters<Metrics["addMetric"]>[1], value: number): unknown;
  publishStoredMetrics(): unknown;
}

/**
 * Builds a value on first use and keeps it for the instance's life; a failed build is retried on the next use,
 * so one bad start does not poison a warm instance.
 */
export function once<T>(build: () => T | Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => {
    value ??= Promise.resolve()
      .then(build)
      .catch((error: unknown) => {
        value = null;
        throw error;
      });
    return value;
  };
}
