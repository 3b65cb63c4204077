/**
 * Amazon Q Developer in chat applications' custom-notification format, written here from its
 * documentation (docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html, "Event schema"
 * and "Parameter details"), not imported from the code under test:
 *   version  required, must be "1.0";  source  required, must be "custom";  id  optional, a string;
 *   content  { textType: only "client-markdown" is supported; title; description; nextSteps: [String];
 *              keywords: [String] };
 *   metadata { threadId; summary; eventType; relatedResources: [String];
 *              additionalContext: { String: String } }.
 * The page sets no length per field, so the bounds are the chat client's (Slack Block Kit: a header
 * 150 characters, a section 3,000; api.slack.com/reference/block-kit/blocks) and SNS's 256 KiB for
 * the whole message; eventType follows the service's notification types (letters, digits, hyphens,
 * at most 100: API_CustomActionAttachment NotificationType). The document is closed (`strict`): a
 * field the service does not know is a mistake here.
 */
import * as z from "zod";

const strings = (max: number) => z.array(z.string().min(1).max(max));

export const CUSTOM_NOTIFICATION = z
  .object({
    version: z.literal("1.0"),
    source: z.literal("custom"),
    id: z.string().min(1).max(128).optional(),
    content: z
      .object({
        textType: z.literal("client-markdown"),
        title: z.string().min(1).max(150),
        description: z.string().min(1).max(3_000),
        nextSteps: strings(600).max(10).optional(),
        keywords: strings(64).max(10).optional(),
      })
      .strict(),
    metadata: z
      .object({
        threadId: z.string().min(1).max(128).optional(),
        summary: z.string().min(1).max(150).optional(),
        eventType: z.string().regex(/^[A-Za-z0-9-]{1,100}$/).optional(),
        relatedResources: strings(2_048).max(10).optional(),
        additionalContext: z.record(z.string(), z.string()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type CustomNotification = z.infer<typeof CUSTOM_NOTIFICATION>;

/** SNS's limit for one message (256 KiB); the chat copy is a plain message of that body. */
export const SNS_MESSAGE_LIMIT_BYTES = 262_144;

/** Parses a chat topic's message body as the service would: JSON, in the custom-notification format, within SNS's size. */
export function parseCustomNotification(body: string | undefined): CustomNotification {
  if (body === undefined) throw new Error("no message body");
  if (Buffer.byteLength(body, "utf8") > SNS_MESSAGE_LIMIT_BYTES) throw new Error(`message of ${Buffer.byteLength(body, "utf8")} bytes`);
  return CUSTOM_NOTIFICATION.parse(JSON.parse(body));
}
