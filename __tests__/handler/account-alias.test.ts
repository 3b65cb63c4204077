import { IAMClient, ListAccountAliasesCommand } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { createAccountAliasLookup } from "../../handler/messages/account-alias";

const iamMock = mockClient(IAMClient);

function accessDenied(): Error {
  return Object.assign(new Error("User is not authorized to perform: iam:ListAccountAliases"), { name: "AccessDenied" });
}

describe("createAccountAliasLookup", () => {
  beforeEach(() => iamMock.reset());

  it("answers the first alias", async () => {
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: ["prod-payments", "other"] });
    await expect(createAccountAliasLookup(new IAMClient({}))()).resolves.toBe("prod-payments");
  });

  it("answers undefined when the account has no alias", async () => {
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: [] });
    await expect(createAccountAliasLookup(new IAMClient({}))()).resolves.toBeUndefined();
  });

  it("answers undefined, and reports the error, when the call is denied", async () => {
    iamMock.on(ListAccountAliasesCommand).rejects(accessDenied());
    const failures: unknown[] = [];
    const lookup = createAccountAliasLookup(new IAMClient({}), { onFailure: (error) => failures.push(error) });
    await expect(lookup()).resolves.toBeUndefined();
    expect(failures).toHaveLength(1);
  });

  it("asks IAM once for the life of the execution environment", async () => {
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: ["prod"] });
    const lookup = createAccountAliasLookup(new IAMClient({}));
    await lookup();
    await lookup();
    await lookup();
    expect(iamMock.commandCalls(ListAccountAliasesCommand)).toHaveLength(1);
  });

  it("remembers a failure for the failure TTL, then tries again", async () => {
    iamMock.on(ListAccountAliasesCommand).rejectsOnce(accessDenied()).resolves({ AccountAliases: ["prod"] });
    let now = 1_000;
    const lookup = createAccountAliasLookup(new IAMClient({}), { failureTtlMs: 60_000, now: () => now });
    await expect(lookup()).resolves.toBeUndefined();
    now += 59_999;
    await expect(lookup()).resolves.toBeUndefined();
    expect(iamMock.commandCalls(ListAccountAliasesCommand)).toHaveLength(1);
    now += 1;
    await expect(lookup()).resolves.toBe("prod");
    expect(iamMock.commandCalls(ListAccountAliasesCommand)).toHaveLength(2);
  });
});
