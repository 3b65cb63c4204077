import { actionOf, publishOf } from "../../emulator/recording-proxy";

describe("publishOf (the demo's view of what the handler sent)", () => {
  it("reads a Publish in the query protocol", () => {
    const body = new URLSearchParams({ Action: "Publish", Subject: "S", Message: '{"default":"text"}', MessageStructure: "json" }).toString();
    expect(publishOf({ "content-type": "application/x-www-form-urlencoded; charset=utf-8" }, body)).toEqual({
      subject: "S",
      message: '{"default":"text"}',
      messageStructure: "json",
    });
  });

  it("reads a Publish in the JSON protocol", () => {
    const body = JSON.stringify({ Subject: "S", Message: "m", MessageStructure: "json" });
    expect(publishOf({ "x-amz-target": "AmazonSimpleNotificationService.Publish" }, body)).toEqual({ subject: "S", message: "m", messageStructure: "json" });
  });

  it("ignores other actions", () => {
    expect(publishOf({ "content-type": "application/x-www-form-urlencoded" }, "Action=ListTopics")).toBeUndefined();
  });
});

describe("actionOf (the bench's count of the function's AWS calls)", () => {
  it("reads the JSON protocol's target and the query protocol's Action", () => {
    expect(actionOf({ "x-amz-target": "DynamoDB_20120810.PutItem", "content-type": "application/x-amz-json-1.0" }, "{}")).toBe("DynamoDB_20120810.PutItem");
    expect(actionOf({ "content-type": "application/x-www-form-urlencoded" }, "Action=Publish&Version=2010-03-31")).toBe("Publish");
    expect(actionOf({ "content-type": "application/json" }, "{}")).toBe("unknown");
  });
});
