import { EventBridgeClient, ListTargetsByRuleCommand, ResourceNotFoundException } from "@aws-sdk/client-eventbridge";
import { mockClient } from "aws-sdk-client-mock";
import { checkRuleTarget, targetLabel } from "../../../handler/self-check/rule-target";

const events = mockClient(EventBridgeClient);
const BUFFER = "arn:aws:sqs:eu-west-1:111122223333:root-activity-monitor-buffer";
const BUS = "arn:aws:events:us-east-1:111122223333:event-bus/root-activity-monitor";
const RULE = { targetCheck: "target", name: "root-activity-monitor", targetArn: BUFFER };
const check = (rule: typeof RULE & { eventBusName?: string } = RULE) => checkRuleTarget(new EventBridgeClient({ region: "eu-west-1" }), "eu-west-1", rule);

describe("checkRuleTarget", () => {
  beforeEach(() => {
    events.reset();
    events.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: "notify", Arn: BUFFER }] });
  });

  it("names a buffer queue and the central bus as people read them", () => {
    expect(targetLabel(BUFFER)).toBe("the buffer queue root-activity-monitor-buffer");
    expect(targetLabel(BUS)).toBe("the central event bus root-activity-monitor in us-east-1");
  });

  it("finds a rule that targets what it should ok", async () => {
    expect(await check()).toEqual({ region: "eu-west-1", check: "target", level: "ok", message: "the rule puts root events on the buffer queue root-activity-monitor-buffer" });
  });

  it("fails on a rule that targets something else, naming it", async () => {
    events.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: "notify", Arn: BUFFER }] });
    expect(await check({ ...RULE, targetArn: BUS })).toMatchObject({
      level: "fail",
      message: `the rule does not target the central event bus root-activity-monitor in us-east-1 (it targets ${BUFFER}): what it matches reaches nobody. Apply this version again (npm run deploy).`,
      summary: "target is wrong",
    });
  });

  it("fails on a rule without a target", async () => {
    events.on(ListTargetsByRuleCommand).resolves({ Targets: [] });
    expect(await check()).toMatchObject({ level: "fail", summary: "target is missing", message: expect.stringContaining("(it has no target)") });
  });

  it("fails on a missing rule", async () => {
    events.on(ListTargetsByRuleCommand).rejects(new ResourceNotFoundException({ message: "no rule", $metadata: {} }));
    expect(await check()).toMatchObject({ level: "fail", message: "no rule named root-activity-monitor, so nothing puts root events on the buffer queue root-activity-monitor-buffer" });
  });

  it("lists the targets of a rule on the central bus by its bus", async () => {
    await check({ ...RULE, eventBusName: "root-activity-monitor" });
    expect(events.commandCalls(ListTargetsByRuleCommand)[0].args[0].input).toEqual({ Rule: "root-activity-monitor", EventBusName: "root-activity-monitor" });
  });
});
