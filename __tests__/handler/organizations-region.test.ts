import { organizationsRegionOf } from "../../src/contract/regions";

describe("organizationsRegionOf: where the hub's function asks AWS Organizations", () => {
  it.each([
    ["aws", "us-east-1"],
    ["aws-cn", "cn-northwest-1"],
    ["aws-us-gov", "us-gov-west-1"],
  ])("asks the one endpoint of the %s partition, in %s", (partition, region) => {
    expect(organizationsRegionOf(partition)).toBe(region);
  });

  it("asks an unknown partition as the commercial one", () => {
    expect(organizationsRegionOf("aws-iso")).toBe("us-east-1");
  });
});
