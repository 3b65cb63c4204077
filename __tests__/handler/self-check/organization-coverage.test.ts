import { CloudFormationClient, ListStackInstancesCommand, type StackInstanceSummary } from "@aws-sdk/client-cloudformation";
import { ListAccountsCommand, ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { checkOrganizationCoverage } from "../../../handler/self-check/organization-coverage";

const cloudformationMock = mockClient(CloudFormationClient);
const organizationsMock = mockClient(OrganizationsClient);
const MANAGEMENT = "444455556666";
const [A, B, C] = ["111122223333", "222233334444", "333344445555"];
const REGIONS = ["us-east-1", "eu-west-1"];

const instance = (account: string, region: string, overrides: Partial<StackInstanceSummary> = {}): StackInstanceSummary => ({
  Account: account,
  Region: region,
  Status: "CURRENT",
  StackInstanceStatus: { DetailedStatus: "SUCCEEDED" },
  DriftStatus: "IN_SYNC",
  ...overrides,
});
const everywhere = (accounts: string[]) => accounts.flatMap((account) => REGIONS.map((region) => instance(account, region)));

const check = (units = ["r-ab12"]) =>
  checkOrganizationCoverage({
    organization: { stackSet: "root-activity-monitor-spokes", units },
    regions: REGIONS,
    managementAccount: MANAGEMENT,
    cloudformation: new CloudFormationClient({}),
    organizations: new OrganizationsClient({}),
  });
const problems = (findings: Awaited<ReturnType<typeof check>>) => findings.filter((finding) => finding.level !== "ok").map((finding) => [finding.region, finding.level, finding.summary ?? finding.message]);

describe("checkOrganizationCoverage", () => {
  beforeEach(() => {
    cloudformationMock.reset();
    organizationsMock.reset();
    organizationsMock.on(ListAccountsCommand).resolves({
      Accounts: [
        { Id: MANAGEMENT, State: "ACTIVE" },
        { Id: A, State: "ACTIVE" },
        { Id: B, State: "ACTIVE" },
        { Id: C, State: "SUSPENDED" },
      ],
    });
  });

  it("finds every active member account covered in every Region, leaving out the management account and suspended ones", async () => {
    cloudformationMock.on(ListStackInstancesCommand).resolves({ Summaries: everywhere([A, B]) });
    const findings = await check();
    expect(problems(findings)).toEqual([]);
    expect(findings.map((finding) => [finding.region, finding.message])).toEqual(REGIONS.map((region) => [region, "every one of 2 member account(s) has a working spoke here"]));
  });

  it("reports an account with no spoke in a Region as a blind spot there", async () => {
    cloudformationMock.on(ListStackInstancesCommand).resolves({ Summaries: [...everywhere([A]), instance(B, "us-east-1")] });
    expect(problems(await check())).toEqual([["eu-west-1", "fail", `account ${B} has no spoke`]]);
  });

  it("reports failed and drifted spokes, and a spoke still being deployed as worth a look", async () => {
    cloudformationMock.on(ListStackInstancesCommand).resolves({
      Summaries: [
        instance(A, "us-east-1", { Status: "OUTDATED", StatusReason: "Role root-activity-monitor-forward-us-east-1 already exists", StackInstanceStatus: { DetailedStatus: "FAILED" } }),
        instance(A, "eu-west-1", { DriftStatus: "DRIFTED" }),
        instance(B, "us-east-1", { Status: "OUTDATED", StackInstanceStatus: { DetailedStatus: "RUNNING" } }),
        instance(B, "eu-west-1"),
      ],
    });
    const findings = await check();
    expect(problems(findings)).toEqual([
      ["us-east-1", "fail", `account ${A} has a failed spoke`],
      ["us-east-1", "warn", `the spoke is still being deployed in account ${B}.`],
      ["eu-west-1", "fail", `account ${A} has a drifted spoke`],
    ]);
    expect(findings[0].message).toContain(`account ${A} (FAILED: Role root-activity-monitor-forward-us-east-1 already exists)`);
  });

  it("tells the blind spots of a large organization in one finding per Region, naming ten accounts and counting the rest", async () => {
    const many = Array.from({ length: 2_500 }, (_, index) => String(100_000_000_000 + index));
    organizationsMock.on(ListAccountsCommand).resolves({ Accounts: many.map((Id) => ({ Id, State: "ACTIVE" })) });
    cloudformationMock.on(ListStackInstancesCommand).resolves({ Summaries: [] });
    const findings = await check();
    expect(problems(findings)).toEqual(REGIONS.map((region) => [region, "fail", "2500 accounts have no spoke"]));
    expect(findings[0].message).toMatch(new RegExp(`^accounts ${many.slice(0, 10).join(", ")} and 2490 more have no spoke here`));
  });

  it("reads every page of instances and accounts", async () => {
    cloudformationMock
      .on(ListStackInstancesCommand, { NextToken: undefined })
      .resolves({ Summaries: everywhere([A]), NextToken: "page-2" })
      .on(ListStackInstancesCommand, { NextToken: "page-2" })
      .resolves({ Summaries: everywhere([B]) });
    organizationsMock
      .on(ListAccountsCommand, { NextToken: undefined })
      .resolves({ Accounts: [{ Id: A, State: "ACTIVE" }], NextToken: "more" })
      .on(ListAccountsCommand, { NextToken: "more" })
      .resolves({ Accounts: [{ Id: B, State: "ACTIVE" }] });
    const findings = await check();
    expect(problems(findings)).toEqual([]);
    expect(findings[0].message).toBe("every one of 2 member account(s) has a working spoke here");
    expect(cloudformationMock.commandCalls(ListStackInstancesCommand)).toHaveLength(2);
  });

  it("with organizational units, expects spokes only for the accounts under them, nested units included", async () => {
    organizationsMock.on(ListAccountsForParentCommand, { ParentId: "ou-ab12-aaaaaaaa" }).resolves({ Accounts: [{ Id: A, State: "ACTIVE" }] });
    organizationsMock.on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-ab12-aaaaaaaa" }).resolves({ OrganizationalUnits: [{ Id: "ou-ab12-bbbbbbbb" }] });
    organizationsMock.on(ListAccountsForParentCommand, { ParentId: "ou-ab12-bbbbbbbb" }).resolves({ Accounts: [{ Id: B, State: "ACTIVE" }] });
    organizationsMock.on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-ab12-bbbbbbbb" }).resolves({ OrganizationalUnits: [] });
    cloudformationMock.on(ListStackInstancesCommand).resolves({ Summaries: everywhere([A]) });
    expect(problems(await check(["ou-ab12-aaaaaaaa"]))).toEqual(REGIONS.map((region) => [region, "fail", `account ${B} has no spoke`]));
    expect(organizationsMock.commandCalls(ListAccountsCommand)).toHaveLength(0);
  });
});
