import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Testing } from "cdktf";
import { RegionContext } from "../../src/terraform/region-context";
import { synthStack, testSettings, type ScopeJson } from "../helpers/synth";

describe("a Region's context", () => {
  function contextIn(region: string): { context: RegionContext; json: () => ScopeJson } {
    let context: RegionContext | undefined;
    const text = Testing.synthScope((scope) => {
      const provider = new AwsProvider(scope, "aws", { alias: region, region });
      context = new RegionContext(scope, `${region}-context`, { provider, region, naming: { namePrefix: "sec", topicName: "alerts" } });
      // Something must read the data sources for a test to see references to them.
      context.arn("sqs", "q");
    });
    return { context: context as RegionContext, json: () => JSON.parse(text) as ScopeJson };
  }

  it("reads the partition and the account once, through the Region's provider", () => {
    const { json } = contextIn("eu-west-1");
    const data = json().data;
    expect(Object.values(data.aws_partition ?? {}).map((d) => d.provider)).toEqual(["aws.eu-west-1"]);
    expect(Object.values(data.aws_caller_identity ?? {}).map((d) => d.provider)).toEqual(["aws.eu-west-1"]);
  });

  it("builds ARNs from them: in its Region, in another, and global", () => {
    const { context } = contextIn("eu-west-1");
    const resolved = (arn: string) => arn.replace(context.partition, "<partition>").replace(context.accountId, "<account>");
    expect(resolved(context.arn("sqs", "sec-dlq"))).toBe("arn:<partition>:sqs:eu-west-1:<account>:sec-dlq");
    expect(resolved(context.arn("events", "rule/sec", { region: "us-east-1" }))).toBe("arn:<partition>:events:us-east-1:<account>:rule/sec");
    expect(resolved(context.globalArn("iam", "root"))).toBe("arn:<partition>:iam::<account>:root");
    expect(resolved(context.globalArn("iam", "role/sec-*", { account: "*" }))).toBe("arn:<partition>:iam::*:role/sec-*");
  });

  it("holds the Region's names, from the naming settings", () => {
    const { context } = contextIn("eu-west-1");
    expect([context.names.topic, context.names.rule, context.names.role]).toEqual(["alerts", "sec", "sec-eu-west-1"]);
  });

  it("is one per monitored Region in the stack, and none for a retired Region", () => {
    const json = synthStack(testSettings({ regions: ["us-east-1", "eu-west-1"], retiredRegions: ["ap-south-1"], delivery: "central", homeRegion: "eu-west-1" }));
    for (const type of ["aws_partition", "aws_caller_identity"]) {
      expect(Object.values(json.data[type]).map((d) => d.provider).sort()).toEqual(["aws.eu-west-1", "aws.us-east-1"]);
    }
  });
});
