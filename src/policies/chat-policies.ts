/**
 * The chat channels' role and guardrail. Amazon Q Developer in chat applications (formerly AWS
 * Chatbot) delivers the chat topic's messages with its service-linked role
 * (AWSServiceRoleForAWSChatbot), which subscribes a channel configuration to its topics; the role a
 * configuration names is only what people in the channel act as when they run commands there. This
 * monitor only posts, so that role holds no permissions at all, and the guardrail bounds whatever a
 * later hand might attach to it or a user role might bring.
 */
import { document, type PolicyDocument } from "./policy-document";

/**
 * Only the chat service may assume the channel role. No aws:SourceAccount / aws:SourceArn
 * condition: the service's documentation names no such keys for this trust (its own example trusts
 * chatbot.amazonaws.com alone), and a condition the service does not send would break the channel;
 * a role with no permissions gives a confused deputy nothing to borrow.
 */
export function chatbotAssumeRolePolicy(): PolicyDocument {
  return document({ Sid: "ChatServiceAssumesRole", Effect: "Allow", Principal: { Service: "chatbot.amazonaws.com" }, Action: "sts:AssumeRole" });
}

/**
 * The channel guardrail: the AWS managed AWSDenyAll policy. Without a guardrail the service applies
 * AdministratorAccess (CreateSlackChannelConfiguration, GuardrailPolicyArns: "the list of IAM policy
 * ARNs that are applied as channel guardrails"). The channels only receive posts, which the service's
 * own service-linked role delivers; no command run from a channel needs any AWS action, and even
 * ReadOnlyAccess (the most allowed) would let a member post S3 objects, parameters or logs for the
 * whole channel, guests included, to read.
 */
export const CHAT_GUARDRAIL_POLICY = "AWSDenyAll";

/** The guardrail's ARN in the partition deployed to (AWS managed policies live in the account `aws`). */
export const chatGuardrailArn = (partition: string): string => `arn:${partition}:iam::aws:policy/${CHAT_GUARDRAIL_POLICY}`;
