/**
 * Which Deny statements of a resource policy refuse a request: the IAM rules for the few condition
 * operators our policies use, written from AWS's documentation rather than from our code. The
 * emulator (moto) does not enforce resource policies, so this is how the tests judge what a policy
 * says: a request is a principal (its ARN as `aws:PrincipalArn` carries it, or an AWS service acting
 * as itself, or nobody) and an action over TLS.
 *
 * IAM's rules applied here: statements' condition operators are AND-ed; a negated operator
 * (`ArnNotEquals`) is true when the key is absent from the request; `...IfExists` is true when the
 * key is absent; plain `Bool` is false when it is absent; several values of one key are OR-ed for a
 * positive operator and NOR-ed for a negated one. Any other operator makes the helper throw, so a
 * policy it cannot judge never passes silently.
 */

export interface PolicyRequest {
  readonly action: string;
  /** `aws:PrincipalArn`: a role's ARN (for every session of it). Absent for a service principal or an anonymous request. */
  readonly principalArn?: string;
  /** `aws:PrincipalIsAWSService`: true for an AWS service principal acting as itself; absent for an anonymous request. */
  readonly isAwsService?: boolean;
}

export interface Statement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: unknown;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const list = <T>(value: T | readonly T[]): readonly T[] => (Array.isArray(value) ? value : [value as T]);

const actionMatches = (pattern: string, action: string) =>
  new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\:]/g, "\\$&")).join(".*")}$`, "i").test(action);

function contextValue(request: PolicyRequest, key: string): string | undefined {
  if (key === "aws:PrincipalArn") return request.principalArn;
  if (key === "aws:PrincipalIsAWSService") return request.isAwsService === undefined ? undefined : String(request.isAwsService);
  if (key === "aws:SecureTransport") return "true";
  throw new Error(`deny-evaluation: no value for condition key ${key}`);
}

function operatorHolds(operator: string, key: string, expected: unknown, request: PolicyRequest): boolean {
  const actual = contextValue(request, key);
  const values = list(expected as string | boolean | readonly (string | boolean)[]).map(String);
  switch (operator) {
    case "ArnEquals":
      return actual !== undefined && values.includes(actual);
    case "ArnNotEquals":
      return actual === undefined || !values.includes(actual);
    case "Bool":
      return actual !== undefined && values.includes(actual);
    case "BoolIfExists":
      return actual === undefined || values.includes(actual);
    default:
      throw new Error(`deny-evaluation: condition operator ${operator} is not judged here`);
  }
}

/** Whether a statement's Principal, Action and Condition all match the request (Resource is the policy's own resource). */
export function statementApplies(statement: Statement, request: PolicyRequest): boolean {
  if (statement.Principal !== "*") throw new Error(`deny-evaluation: only Principal "*" is judged here (statement ${statement.Sid})`);
  if (!list(statement.Action).some((pattern) => actionMatches(pattern, request.action))) return false;
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) => Object.entries(keys).every(([key, expected]) => operatorHolds(operator, key, expected, request)));
}

/** The Sids of the Deny statements that refuse the request: empty when none does. */
export function denyingStatements(statements: readonly Statement[], request: PolicyRequest): string[] {
  return statements.filter((statement) => statement.Effect === "Deny" && statementApplies(statement, request)).map((statement) => statement.Sid ?? "(no Sid)");
}
