import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { mockClient } from "aws-sdk-client-mock";
import { checkTrail } from "../../../handler/self-check/trail";

const cloudtrail = mockClient(CloudTrailClient);
const TRAIL_ARN = "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail";
const clientIn = (region: string) => new CloudTrailClient({ region });

describe("checkTrail", () => {
  beforeEach(() => {
    cloudtrail.reset();
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: "org-trail", TrailARN: TRAIL_ARN, HomeRegion: "us-east-1", IsMultiRegionTrail: true }] });
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    cloudtrail.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: "All" }] });
  });

  it("finds a logging multi-Region trail of management events ok", async () => {
    expect(await checkTrail("eu-west-1", clientIn)).toEqual({ region: "eu-west-1", check: "CloudTrail", level: "ok", message: "trail org-trail logs management events here" });
  });

  it("asks for a trail's status and selectors in the trail's home Region, where AWS keeps them", async () => {
    const asked: string[] = [];
    await checkTrail("eu-west-1", (region) => (asked.push(region), clientIn(region)));
    expect(asked).toEqual(["eu-west-1", "us-east-1"]);
    expect(cloudtrail.commandCalls(GetTrailStatusCommand)[0].args[0].input).toEqual({ Name: TRAIL_ARN });
  });

  it("says the Region is blind when no trail covers it", async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: "local", HomeRegion: "us-east-1", IsMultiRegionTrail: false }] });
    expect(await checkTrail("eu-west-1", clientIn)).toMatchObject({ level: "fail", summary: "no trail logs management events", message: expect.stringContaining("the monitor is BLIND") });
  });

  it("says the Region is blind when the trail stopped logging", async () => {
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    expect(await checkTrail("eu-west-1", clientIn)).toMatchObject({ level: "fail" });
  });

  it("says the Region is blind when the trail logs data events only", async () => {
    cloudtrail.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ IncludeManagementEvents: false, DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3"] }] }] });
    expect(await checkTrail("eu-west-1", clientIn)).toMatchObject({ level: "fail" });
  });

  it("counts advanced selectors of the Management category", async () => {
    cloudtrail.on(GetEventSelectorsCommand).resolves({ AdvancedEventSelectors: [{ Name: "management", FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }] }] });
    expect(await checkTrail("eu-west-1", clientIn)).toMatchObject({ level: "ok" });
  });
});
