import { DescribeAccountCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { createAccountNameLookup } from "../../handler/messages/account-name";
import { arnParts } from "../../handler/self-check/finding";

const organizationsMock = mockClient(OrganizationsClient);
const HUB = "444455556666";
const MEMBER = "111122223333";

const denied = () => Object.assign(new Error("You don't have permissions to access this resource."), { name: "AccessDeniedException" });

describe("createAccountNameLookup", () => {
  beforeEach(() => organizationsMock.reset());

  describe("with scope = account", () => {
    it("answers the function's own alias for every event, and never asks Organizations", async () => {
      const lookup = createAccountNameLookup({ ownAlias: async () => "prod-payments" });
      await expect(lookup(MEMBER)).resolves.toBe("prod-payments");
      expect(organizationsMock.calls()).toHaveLength(0);
    });
  });

  describe("with scope = organization", () => {
    const lookupWith = (options: Parameters<typeof createAccountNameLookup>[1] = {}) =>
      createAccountNameLookup({ ownAlias: async () => "org-management", organization: { client: new OrganizationsClient({}), ownAccountId: HUB } }, options);

    it("answers a member account's name in Organizations", async () => {
      organizationsMock.on(DescribeAccountCommand, { AccountId: MEMBER }).resolves({ Account: { Id: MEMBER, Name: "payments-prod" } });
      await expect(lookupWith()(MEMBER)).resolves.toBe("payments-prod");
    });

    it("asks Organizations once per account for the life of the execution environment", async () => {
      organizationsMock.on(DescribeAccountCommand).callsFake(({ AccountId }) => ({ Account: { Id: AccountId, Name: `name-of-${AccountId}` } }));
      const lookup = lookupWith();
      for (const account of [MEMBER, MEMBER, HUB, MEMBER, HUB]) await lookup(account);
      expect(organizationsMock.commandCalls(DescribeAccountCommand).map((call) => call.args[0].input.AccountId)).toEqual([MEMBER, HUB]);
      await expect(lookup(HUB)).resolves.toBe(`name-of-${HUB}`);
    });

    it("falls back to the hub's own alias for its own account, and to nothing (the id) for a member, when Organizations fails", async () => {
      organizationsMock.on(DescribeAccountCommand).rejects(denied());
      const failures: string[] = [];
      const lookup = lookupWith({ onFailure: (_error, accountId) => failures.push(accountId) });
      await expect(lookup(HUB)).resolves.toBe("org-management");
      await expect(lookup(MEMBER)).resolves.toBeUndefined();
      expect(failures).toEqual([HUB, MEMBER]);
    });

    it("remembers a failure for five minutes, then asks again", async () => {
      organizationsMock.on(DescribeAccountCommand).rejectsOnce(denied()).resolves({ Account: { Id: MEMBER, Name: "payments-prod" } });
      let now = 1_000_000;
      const lookup = lookupWith({ now: () => now });
      await expect(lookup(MEMBER)).resolves.toBeUndefined();
      now += 299_000;
      await expect(lookup(MEMBER)).resolves.toBeUndefined();
      now += 2_000;
      await expect(lookup(MEMBER)).resolves.toBe("payments-prod");
      expect(organizationsMock.commandCalls(DescribeAccountCommand)).toHaveLength(2);
    });

    it("never looks up what is not an account id (a forged or broken record)", async () => {
      const lookup = lookupWith();
      await expect(lookup("1111-2222-3333")).resolves.toBeUndefined();
      await expect(lookup("")).resolves.toBeUndefined();
      expect(organizationsMock.calls()).toHaveLength(0);
    });

    it("answers nothing for an account whose name is blank", async () => {
      organizationsMock.on(DescribeAccountCommand).resolves({ Account: { Id: MEMBER, Name: "  " } });
      await expect(lookupWith()(MEMBER)).resolves.toBeUndefined();
    });
  });
});

describe("arnParts, with which the hub reads its own account and partition from its topic's ARN", () => {
  it("reads the account of a topic's ARN", () => {
    expect(arnParts(`arn:aws:sns:eu-west-1:${HUB}:root-activity-monitor`)).toMatchObject({ partition: "aws", account: HUB });
  });
});
