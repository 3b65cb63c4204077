import { DELIVERY_DEFAULTS, deliverySettings, RULE_DEFAULTS, withDefaults } from "../../src/terraform/construct-defaults";
import { SETTING_DEFAULTS } from "../../src/settings/settings-schema";
import { testSettings } from "../helpers/synth";

describe("the constructs' defaults table", () => {
  it("gives a delivery used on its own what the settings' schema gives the stack", () => {
    const fromSchema = Object.fromEntries(Object.keys(DELIVERY_DEFAULTS).map((key) => [key, SETTING_DEFAULTS[key as keyof typeof SETTING_DEFAULTS]]));
    expect(DELIVERY_DEFAULTS).toEqual(fromSchema);
    expect(RULE_DEFAULTS).toEqual({ includeReadOnlyEvents: SETTING_DEFAULTS.includeReadOnlyEvents });
  });

  it("states the defaults it documents", () => {
    expect(DELIVERY_DEFAULTS).toEqual({
      notificationEmails: [],
      lambdaTimeoutSeconds: 30,
      lambdaRuntime: "nodejs22.x",
      logRetentionDays: 365,
      topicKms: "customer-managed",
      digestIntervalSeconds: 300,
      sessionQuietSeconds: 600,
      includeReadOnlyEvents: true,
      heartbeat: "weekly",
      centralizedRootAccess: "report",
      operatorRoleArns: [],
    });
  });

  it("takes a value given over the default, and the default for one left out or undefined", () => {
    expect(withDefaults({ a: 1, b: 2, c: 3 }, { a: 10, b: undefined })).toEqual({ a: 10, b: 2, c: 3 });
  });

  it("picks from the settings exactly the ones a delivery takes", () => {
    const settings = testSettings({ lambdaTimeoutSeconds: 60, heartbeat: "daily", regions: ["us-east-1"] });
    expect(deliverySettings(settings)).toEqual({ ...DELIVERY_DEFAULTS, lambdaTimeoutSeconds: 60, heartbeat: "daily" });
  });
});
