/** The role every chat channel configuration names: trusted by the chat service alone, with no permissions (chat-policies.ts). */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Construct } from "constructs";
import { chatbotAssumeRolePolicy } from "../policies/chat-policies";
import type { RegionContext } from "../terraform/region-context";

export interface ChatRoleProps {
  /** The Region the configurations are made from (its provider, and the role's name `<namePrefix>-chat-<region>`). */
  readonly context: RegionContext;
}

export class ChatRole extends Construct {
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ChatRoleProps) {
    super(scope, id);
    const { provider, names } = props.context;
    // No inline policy, no managed policy: the configurations only post what the chat topics carry.
    this.role = new IamRole(this, "Role", {
      provider,
      name: names.chatRole,
      description: "Root activity chat channels: posts only, so it holds no permissions",
      assumeRolePolicy: JSON.stringify(chatbotAssumeRolePolicy()),
    });
  }
}
