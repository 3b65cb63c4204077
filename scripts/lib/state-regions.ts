/**
 * Where each resource of a Terraform state lives: the Region of the provider that manages it, read
 * from the state itself (`terraform state pull`).
 *
 * A plan's JSON (`terraform show -json`) names the provider alias of a resource that is still
 * configured (`provider_config_key: "aws.eu-west-1"`), but for one that is no longer configured (a
 * retired Region's, a removed construct's) it gives only `registry.terraform.io/hashicorp/aws`, and
 * neither its address nor its attributes need say where it is (an IAM role policy, a KMS alias, a
 * bucket's public access block). The state records, for every resource, the provider it was made
 * with: `provider["registry.terraform.io/hashicorp/aws"].eu-west-1`. Every provider of the stack is
 * aliased by its Region (stack.ts), so that alias is the resource's Region; for a global resource
 * (IAM) it is the Region of the construct that made it.
 */

interface StateResource {
  module?: string;
  mode?: string;
  type?: string;
  name?: string;
  provider?: string;
  instances?: Array<{ index_key?: string | number }>;
}

/** `provider["registry.terraform.io/hashicorp/aws"].eu-west-1` → `eu-west-1`; no alias → undefined. */
export function providerAliasOf(provider: string): string | undefined {
  return /^provider\["[^"]+"\]\.([A-Za-z0-9_-]+)$/.exec(provider)?.[1];
}

/** A resource instance's address as a plan names it (`module.x.aws_s3_bucket.name["key"]`). */
function addressOf(resource: StateResource, indexKey: string | number | undefined): string {
  const prefix = resource.module ? `${resource.module}.` : "";
  const data = resource.mode === "data" ? "data." : "";
  const index = indexKey === undefined ? "" : `[${JSON.stringify(indexKey)}]`;
  return `${prefix}${data}${resource.type}.${resource.name}${index}`;
}

/**
 * Each resource instance's address and its provider's alias, from the text of `terraform state pull`
 * (empty when there is no state yet).
 */
export function regionsInState(stateText: string): Map<string, string> {
  const regions = new Map<string, string>();
  if (stateText.trim() === "") return regions;
  const state = JSON.parse(stateText) as { resources?: StateResource[] };
  for (const resource of state.resources ?? []) {
    const alias = resource.provider ? providerAliasOf(resource.provider) : undefined;
    if (!alias) continue;
    const instances = resource.instances && resource.instances.length > 0 ? resource.instances : [{}];
    for (const instance of instances) regions.set(addressOf(resource, instance.index_key), alias);
  }
  return regions;
}
