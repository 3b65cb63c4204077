/** The Lambda entry point's cold-start contract. */
describe("handler/index", () => {
  const saved = process.env.SNS_TOPIC_ARN;
  afterEach(() => {
    if (saved === undefined) delete process.env.SNS_TOPIC_ARN;
    else process.env.SNS_TOPIC_ARN = saved;
  });

  it("fails at cold start, naming SNS_TOPIC_ARN, when it is not set", () => {
    delete process.env.SNS_TOPIC_ARN;
    jest.isolateModules(() => {
      expect(() => require("../../handler/index")).toThrow("Environment variable SNS_TOPIC_ARN is required but is not set");
    });
  });

  it("exports a handler function when SNS_TOPIC_ARN is set", () => {
    process.env.SNS_TOPIC_ARN = "arn:aws:sns:us-east-1:111122223333:root-activity-monitor";
    jest.isolateModules(() => {
      expect(typeof require("../../handler/index").handler).toBe("function");
    });
  });
});
