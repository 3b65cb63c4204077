/**
 * A policy document and the statements every family shares. The policies themselves are pure
 * functions of the ARNs they protect, one file per family (function, topic, queue, trail, central bus),
 * so that each grant is written once, tested as data and read in one place. Least privilege: each
 * statement names its principal, its actions and its resource; the few "*" that remain are where
 * AWS offers nothing narrower, and say so.
 */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: { readonly AWS?: string; readonly Service?: string } | "*";
  readonly Action: string | readonly string[];
  /** Absent only in a trust policy, where the resource is the role itself. */
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | boolean | readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/** A document of the statements given; `false` and `undefined` (a statement that does not apply) are left out. */
export const document = (...statements: Array<PolicyStatement | false | undefined>): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: statements.filter((statement): statement is PolicyStatement => Boolean(statement)),
});

/** Requests without TLS are refused, whoever makes them. */
export const denyInsecureTransport = (actions: string, resource: string): PolicyStatement => ({
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: actions,
  Resource: resource,
  Condition: { Bool: { "aws:SecureTransport": false } },
});

/** One ARN as a string, several as a list: how IAM conditions read best. */
export const oneOrMany = (arns: readonly string[]) => (arns.length === 1 ? arns[0] : arns);
