/** The event EventBridge puts on a schedule rule's target, as documented for "Scheduled Event": what starts a self-check. */
export function scheduledEvent(ruleArn: string, options: { readonly id?: string; readonly time?: Date } = {}): Record<string, unknown> {
  const [, , , region = "us-east-1", account = "111122223333"] = ruleArn.split(":");
  return {
    version: "0",
    id: options.id ?? "89d1a02d-5ec7-412e-82f5-13505f849b41",
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account,
    time: (options.time ?? new Date("2026-11-23T08:00:00Z")).toISOString().replace(/\.\d+Z$/, "Z"),
    region,
    resources: [ruleArn],
    detail: {},
  };
}
