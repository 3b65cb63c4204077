/**
 * CloudFormation's pseudo parameters inside text that is written once for Terraform and for
 * CloudFormation alike (names, ARNs, policies): a marker in the text, turned into `Fn::Join` with
 * `Ref`s when the template is made. Not `Fn::Sub`: its `${AWS::Region}` is Terraform's own
 * interpolation syntax, and the template travels through Terraform's configuration. Pure.
 */

/** The pseudo parameters a spoke template needs, as markers that no name, ARN or token contains. */
export const PSEUDO = {
  partition: "«AWS::Partition»",
  region: "«AWS::Region»",
  accountId: "«AWS::AccountId»",
} as const;

const MARKER = /«(AWS::[A-Za-z]+)»/g;

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** A text with markers as CloudFormation reads it: the text itself, a `Ref`, or an `Fn::Join` of both. */
function intrinsicText(text: string): Json {
  const parts: Json[] = [];
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push({ Ref: match[1] });
    last = match.index + match[0].length;
  }
  if (parts.length === 0) return text;
  if (last < text.length) parts.push(text.slice(last));
  return parts.length === 1 ? parts[0] : { "Fn::Join": ["", parts] };
}

/** Every text inside a value (a policy, a resource's properties) as CloudFormation reads it. */
export function withIntrinsics(value: unknown): Json {
  if (typeof value === "string") return intrinsicText(value);
  if (Array.isArray(value)) return value.map(withIntrinsics);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withIntrinsics(inner)]));
  }
  return value as Json;
}
