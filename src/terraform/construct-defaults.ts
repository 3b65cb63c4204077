/**
 * The defaults of the constructs' optional props, in one table (as aws-solutions-constructs keeps its
 * `*-defaults.ts`): a construct applies them once, at the top of its constructor. The stack passes
 * every one of these from the validated settings, so they matter only to a construct used on its own
 * (a test, another stack). The values are the settings' own defaults table, read from there rather
 * than written again, so that a changed default reaches both.
 */
import type { CentralizedRootAccess } from "../contract/monitor-scope";
import type { Heartbeat } from "../contract/self-check-plan";
import type { TopicKms } from "../contract/topic-encryption";
import { DEFAULTS } from "../settings/defaults";

/** What a delivery takes from the settings, by the settings' names. */
export interface DeliverySettings {
  /** Addresses subscribed to the topic (and the alarm topic), each identified by its address. @default [] */
  readonly notificationEmails: readonly string[];
  /** The function's timeout. @default 30 */
  readonly lambdaTimeoutSeconds: number;
  /** The function's runtime. @default "nodejs22.x" */
  readonly lambdaRuntime: string;
  /** Retention of the function's log group. @default 365 */
  readonly logRetentionDays: number;
  /** How the topic is encrypted at rest (topic-encryption.ts). @default "customer-managed" */
  readonly topicKms: TopicKms;
  /** How long actions of a session wait to be told together. @default 300 */
  readonly digestIntervalSeconds: number;
  /** How long without root activity before a session ends. @default 600 */
  readonly sessionQuietSeconds: number;
  /** Whether the watched rules receive read-only events too. @default true */
  readonly includeReadOnlyEvents: boolean;
  /** When the self-check says that all is well. @default "weekly" */
  readonly heartbeat: Heartbeat;
  /** How sessions of centralized root access are told. @default "report" */
  readonly centralizedRootAccess: CentralizedRootAccess;
  /** The break-glass roles that may put a message on the buffer besides the function (monitor-only-access.ts). @default [] */
  readonly operatorRoleArns: readonly string[];
}

export const DELIVERY_DEFAULTS: DeliverySettings = {
  notificationEmails: [],
  lambdaTimeoutSeconds: DEFAULTS.lambdaTimeoutSeconds,
  lambdaRuntime: DEFAULTS.lambdaRuntime,
  logRetentionDays: DEFAULTS.logRetentionDays,
  topicKms: DEFAULTS.topicKms,
  digestIntervalSeconds: DEFAULTS.digestIntervalSeconds,
  sessionQuietSeconds: DEFAULTS.sessionQuietSeconds,
  includeReadOnlyEvents: DEFAULTS.includeReadOnlyEvents,
  heartbeat: DEFAULTS.heartbeat,
  centralizedRootAccess: DEFAULTS.centralizedRootAccess,
  operatorRoleArns: [],
};

/** The settings a delivery takes, picked from all of them by the table's keys. */
export function deliverySettings(settings: DeliverySettings): DeliverySettings {
  return Object.fromEntries(Object.keys(DELIVERY_DEFAULTS).map((key) => [key, settings[key as keyof DeliverySettings]])) as unknown as DeliverySettings;
}

/** What a rule takes from the settings. */
interface RuleSettings {
  /** Report read-only calls too (the rule receives all CloudTrail management events). @default true */
  readonly includeReadOnlyEvents: boolean;
}

export const RULE_DEFAULTS: RuleSettings = { includeReadOnlyEvents: DELIVERY_DEFAULTS.includeReadOnlyEvents };

/** `given` over `defaults`, a value left out (or `undefined`) taking the default: applied once, at the top of a constructor. */
export function withDefaults<T extends object>(defaults: T, given: Partial<T>): T {
  const defined = Object.entries(given).filter(([key, value]) => value !== undefined && key in defaults);
  return { ...defaults, ...Object.fromEntries(defined) } as T;
}
