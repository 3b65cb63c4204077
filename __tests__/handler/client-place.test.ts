import { networkOf, placeOf, userAgentFamily } from "../../handler/events/client-place";
import { keyParametersOf, TRUSTED_OUTSIDE } from "../../handler/events/key-parameters";

describe("userAgentFamily", () => {
  it.each([
    ["aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6 command/ec2.create-volume", "aws-cli"],
    ["aws-cli/1.32.0 Python/3.11.6 Linux/6.2.0 botocore/1.34.0", "aws-cli"],
    ["Boto3/1.34.11 md/Botocore#1.34.11 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.6", "boto3"],
    ["Botocore/1.34.11 ua/2.0 os/macos#23.1.0 lang/python#3.12.0", "boto3"],
    ["aws-sdk-js/3.687.0 ua/2.1 os/linux#5.10 lang/js md/nodejs#20.18.0 api/s3#3.687.0", "aws-sdk-js"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "console"],
    ["AWS Internal", "console"],
    ["[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 Linux/5.10]", "console"],
    ["APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.100.0 aws-sdk-go-v2/1.36.3", "terraform"],
    ["python-requests/2.31.0", "python-requests"],
    ["curl/8.5.0", "curl"],
    ["aws-cli/2.15.0 Python/3.11.8 Linux/6.6.9-amd64 md/distrib#kali.2024 exe/x86_64", "hacking tool (kali)"],
    ["Pacu/1.5.2 Boto3/1.34.0", "hacking tool (pacu)"],
    ["SomethingNew/0.1 (research)", "somethingnew"],
    ["unknown", undefined],
  ])("reads %p as %p", (userAgent, family) => {
    expect(userAgentFamily(userAgent)).toBe(family);
  });
});

describe("networkOf", () => {
  it.each([
    ["203.0.113.24", "203.0.113.0/24"],
    ["203.0.113.201", "203.0.113.0/24"],
    ["2001:db8:1:2::17", "2001:db8:1::/48"],
    ["2001:0db8:0001:ffff:0000:0000:0000:0001", "2001:db8:1::/48"],
    ["::ffff:198.51.100.7", "198.51.100.0/24"],
    ["AWS Internal", undefined],
    ["cloudtrail.amazonaws.com", undefined],
    ["300.1.1.1", undefined],
    ["1:2:3", undefined],
  ])("counts %p in %p", (ip, network) => {
    expect(networkOf(ip)).toBe(network);
  });

  it("makes a place of both, leaving out what is not known", () => {
    expect(placeOf("AWS Internal", "unknown")).toEqual({ sourceIp: "AWS Internal", userAgent: "unknown" });
  });
});

describe("keyParametersOf", () => {
  it("keeps only allow-listed parameters, cleaned, under the names the reader sees", () => {
    expect(keyParametersOf({ userName: "backup\u202eadmin", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess", password: "hunter2", tags: [{ k: "v" }] }, "111122223333")).toEqual({
      user: expect.not.stringContaining("\u202e"),
      policy: "arn:aws:iam::aws:policy/AdministratorAccess",
    });
  });

  it("names the accounts outside the account that a trust policy lets in, and anyone", () => {
    const document = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: ["arn:aws:iam::444455556666:root", "111122223333", "*"] } }, { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" } }] });
    expect(keyParametersOf({ roleName: "support", assumeRolePolicyDocument: document }, "111122223333")).toEqual({ role: "support", [TRUSTED_OUTSIDE]: "*, 444455556666" });
    expect(keyParametersOf({ assumeRolePolicyDocument: "{not json" }, "111122223333")).toEqual({});
  });
});
