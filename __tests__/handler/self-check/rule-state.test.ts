import { DescribeRuleCommand, EventBridgeClient, ResourceNotFoundException } from "@aws-sdk/client-eventbridge";
import { mockClient } from "aws-sdk-client-mock";
import { checkRuleState } from "../../../handler/self-check/rule-state";

const events = mockClient(EventBridgeClient);
const RULE = { check: "rule", name: "root-activity-monitor", carries: "root activity here" };
const CENTRAL_RULE = { check: "central rule", name: "root-activity-monitor", eventBusName: "root-activity-monitor", carries: "root activity from every Region" };
const check = (rule = RULE, readOnly = true) => checkRuleState(new EventBridgeClient({ region: "eu-west-1" }), "eu-west-1", rule, readOnly);

describe("checkRuleState", () => {
  beforeEach(() => {
    events.reset();
    events.on(DescribeRuleCommand).resolves({ State: "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" });
  });

  it("finds a rule that receives every management event ok", async () => {
    expect(await check()).toEqual({ region: "eu-west-1", check: "rule", level: "ok", message: "rule root-activity-monitor is ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" });
  });

  it("fails on a disabled rule, in a few words for a subject and in full for the body", async () => {
    events.on(DescribeRuleCommand).resolves({ State: "DISABLED" });
    expect(await check()).toEqual({
      region: "eu-west-1",
      check: "rule",
      level: "fail",
      message: "rule root-activity-monitor is DISABLED: root activity here is not routed to anyone. Enable it, or apply again (npm run deploy).",
      summary: "rule is DISABLED",
    });
  });

  it("fails on a deleted rule", async () => {
    events.on(DescribeRuleCommand).rejects(new ResourceNotFoundException({ message: "Rule root-activity-monitor does not exist.", $metadata: {} }));
    expect(await check()).toMatchObject({ level: "fail", message: "no rule named root-activity-monitor: the monitor is not deployed here. Apply it (npm run deploy).", summary: "rule does not exist" });
  });

  it("warns on a rule that misses read-only calls when they are wanted, and not otherwise", async () => {
    events.on(DescribeRuleCommand).resolves({ State: "ENABLED" });
    expect(await check()).toMatchObject({ level: "warn", message: "rule root-activity-monitor is ENABLED: read-only root calls are not delivered" });
    expect(await check(RULE, false)).toMatchObject({ level: "ok" });
  });

  it("asks for a rule on the central bus by its bus, and names the bus", async () => {
    events.on(DescribeRuleCommand).resolves({ State: "DISABLED" });
    expect(await check(CENTRAL_RULE)).toMatchObject({ level: "fail", summary: "central rule is DISABLED", message: expect.stringMatching(/^rule root-activity-monitor on the bus root-activity-monitor is DISABLED: root activity from every Region is not routed/) });
    expect(events.commandCalls(DescribeRuleCommand)[0].args[0].input).toEqual({ Name: "root-activity-monitor", EventBusName: "root-activity-monitor" });
  });

  it("lets an error other than a missing rule through, for the caller to report", async () => {
    events.on(DescribeRuleCommand).rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }));
    await expect(check()).rejects.toThrow("not authorized");
  });
});
