/**
 * A local stand-in for SNS and IAM that answers Publish and ListAccountAliases at once and counts
 * every request, so that the handler's cold start and its AWS calls can be measured without a
 * network or an emulator's own latency.
 */
import { createServer, type Server } from "node:http";

export interface AwsStub {
  readonly endpoint: string;
  /** Requests seen, by action. */
  readonly calls: Record<string, number>;
  close(): Promise<void>;
}

const XMLNS = { Publish: "http://sns.amazonaws.com/doc/2010-03-31/", ListAccountAliases: "https://iam.amazonaws.com/doc/2010-05-08/" };

export async function startAwsStub(): Promise<AwsStub> {
  const calls: Record<string, number> = {};
  let messages = 0;
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const target = String(request.headers["x-amz-target"] ?? "");
      const action = target ? target.split(".").pop() ?? "" : new URLSearchParams(body).get("Action") ?? "";
      calls[action] = (calls[action] ?? 0) + 1;
      if (action === "Publish") {
        messages += 1;
        const id = `00000000-0000-4000-8000-${String(messages).padStart(12, "0")}`;
        if (target) {
          response.writeHead(200, { "content-type": "application/x-amz-json-1.0" }).end(JSON.stringify({ MessageId: id }));
        } else {
          response
            .writeHead(200, { "content-type": "text/xml" })
            .end(`<PublishResponse xmlns="${XMLNS.Publish}"><PublishResult><MessageId>${id}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`);
        }
      } else if (action === "ListAccountAliases") {
        response
          .writeHead(200, { "content-type": "text/xml" })
          .end(
            `<ListAccountAliasesResponse xmlns="${XMLNS.ListAccountAliases}"><ListAccountAliasesResult><IsTruncated>false</IsTruncated><AccountAliases><member>bench-account</member></AccountAliases></ListAccountAliasesResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListAccountAliasesResponse>`,
          );
      } else {
        response.writeHead(400).end(`unexpected action ${action}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { endpoint: `http://127.0.0.1:${port}`, calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
