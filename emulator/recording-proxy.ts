/**
 * A local HTTP proxy in front of the emulator that records the SNS Publish requests passing
 * through it, and counts every AWS call by its action. The emulator keeps no readable copy of what
 * was published, and email subscribers are not delivered to, so this is how the demo shows the email
 * exactly as the handler sent it; the bench counts the function's AWS calls per event with it.
 * A test can make one action slow or failing (`faults`): how the handler behaves when a call it
 * can do without (the root posture's) does not answer in time, or is refused.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";

export interface RecordedPublish {
  readonly subject?: string;
  /** The Message parameter as sent; with `MessageStructure: "json"`, the per-protocol JSON document. */
  readonly message?: string;
  readonly messageStructure?: string;
}

/** What the proxy does to one action's requests instead of passing them on at once. */
export interface ProxyFault {
  /** Holds the request this long before passing it on (or refusing it). */
  readonly delayMs?: number;
  /** Refuses the request with this error code (HTTP 403, in the query protocol's error document) instead of passing it on. */
  readonly refuseWith?: string;
}

interface RecordingProxy {
  readonly endpoint: string;
  readonly publishes: RecordedPublish[];
  /** Every call that passed, by action (`Publish`, `DynamoDB_20120810.PutItem`, `AmazonSQS.SendMessage`). */
  readonly calls: Map<string, number>;
  /** Faults by action (as in `calls`); empty unless a test sets one. */
  readonly faults: Map<string, ProxyFault>;
  close(): Promise<void>;
}

/** The action of one AWS request: the query protocol's `Action`, or the JSON protocol's target. */
export function actionOf(headers: IncomingHttpHeaders, body: string): string {
  const target = headers["x-amz-target"];
  if (target) return String(target);
  if (String(headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) return new URLSearchParams(body).get("Action") ?? "unknown";
  return "unknown";
}

/** The Publish parameters of one request body, in the query protocol (form) or the JSON protocol. */
export function publishOf(headers: IncomingHttpHeaders, body: string): RecordedPublish | undefined {
  const contentType = String(headers["content-type"] ?? "");
  if (contentType.includes("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(body);
    if (form.get("Action") !== "Publish") return undefined;
    return { subject: form.get("Subject") ?? undefined, message: form.get("Message") ?? undefined, messageStructure: form.get("MessageStructure") ?? undefined };
  }
  if (String(headers["x-amz-target"] ?? "").endsWith(".Publish")) {
    const json = JSON.parse(body) as { Subject?: string; Message?: string; MessageStructure?: string };
    return { subject: json.Subject, message: json.Message, messageStructure: json.MessageStructure };
  }
  return undefined;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const publishes: RecordedPublish[] = [];
  const calls = new Map<string, number>();
  const faults = new Map<string, ProxyFault>();
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      const action = actionOf(incoming.headers, body.toString("utf8"));
      calls.set(action, (calls.get(action) ?? 0) + 1);
      const publish = publishOf(incoming.headers, body.toString("utf8"));
      if (publish) publishes.push(publish);
      const fault = faults.get(action);
      if (fault) {
        setTimeout(() => {
          // The client may have given up meanwhile (its deadline): nothing is left to answer.
          if (outgoing.destroyed || outgoing.socket?.destroyed !== false) return;
          if (fault.refuseWith === undefined) return pass();
          outgoing.writeHead(403, { "content-type": "text/xml" });
          outgoing.end(`<ErrorResponse><Error><Type>Sender</Type><Code>${fault.refuseWith}</Code><Message>refused by the test</Message></Error><RequestId>proxy</RequestId></ErrorResponse>`);
        }, fault.delayMs ?? 0);
        return;
      }
      pass();
    });
    const pass = () => {
      const body = Buffer.concat(chunks);
      const forward = request(
        { hostname: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      forward.on("error", (error) => {
        outgoing.writeHead(502);
        outgoing.end(String(error));
      });
      forward.end(body);
    };
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    publishes,
    calls,
    faults,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
