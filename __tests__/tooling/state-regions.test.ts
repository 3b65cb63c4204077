/** Each resource's Region from the text of `terraform state pull`: the alias of the provider it was made with. */
import { providerAliasOf, regionsInState } from "../../scripts/lib/state-regions";

const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';

describe("regionsInState", () => {
  it("gives every resource instance's address, as a plan names it, and its provider's alias", () => {
    const state = JSON.stringify({
      version: 4,
      terraform_version: "1.11.4",
      resources: [
        { mode: "managed", type: "aws_kms_alias", name: "eu-west-1_TopicKey_Alias_88098C30", provider: `${AWS}.eu-west-1`, instances: [{ schema_version: 0, attributes: {} }] },
        { mode: "data", type: "aws_caller_identity", name: "management-trail_Account_85304D7A", provider: `${AWS}.us-east-1`, instances: [{ attributes: {} }] },
        { mode: "managed", type: "aws_sqs_queue", name: "many", provider: `${AWS}.sa-east-1`, instances: [{ index_key: 0 }, { index_key: "b" }] },
        { module: "module.spoke", mode: "managed", type: "aws_iam_role", name: "Role", provider: `${AWS}.ap-south-1`, instances: [{}] },
        // The default provider names no Region here: left out, never guessed.
        { mode: "managed", type: "aws_s3_bucket", name: "default", provider: AWS, instances: [{}] },
      ],
    });
    expect([...regionsInState(state)]).toEqual([
      ["aws_kms_alias.eu-west-1_TopicKey_Alias_88098C30", "eu-west-1"],
      ["data.aws_caller_identity.management-trail_Account_85304D7A", "us-east-1"],
      ["aws_sqs_queue.many[0]", "sa-east-1"],
      ['aws_sqs_queue.many["b"]', "sa-east-1"],
      ["module.spoke.aws_iam_role.Role", "ap-south-1"],
    ]);
  });

  it("is empty before the first apply (state pull prints nothing)", () => {
    expect(regionsInState("")).toEqual(new Map());
  });

  it("reads the alias of a provider address", () => {
    expect(providerAliasOf(`${AWS}.eu-central-1`)).toBe("eu-central-1");
    expect(providerAliasOf(AWS)).toBeUndefined();
  });
});
