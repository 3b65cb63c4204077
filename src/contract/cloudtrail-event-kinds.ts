/**
 * The kinds of CloudTrail record through which root activity reaches EventBridge, each with the
 * EventBridge `detail-type` it arrives under and the record's own `eventType`. The rule's pattern
 * and the handler both read them here. Pure data: the handler bundle imports this file.
 */
export const CLOUDTRAIL_EVENT_KINDS = [
  { kind: "api-call", detailType: "AWS API Call via CloudTrail", eventType: "AwsApiCall" },
  { kind: "console-sign-in", detailType: "AWS Console Sign In via CloudTrail", eventType: "AwsConsoleSignIn" },
  { kind: "console-action", detailType: "AWS Console Action via CloudTrail", eventType: "AwsConsoleAction" },
] as const;

export type ActivityKind = (typeof CLOUDTRAIL_EVENT_KINDS)[number]["kind"];
