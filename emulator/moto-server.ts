/**
 * Starts `moto_server`, the local AWS emulator, on 127.0.0.1 and a free port, and stops it again by
 * its own process id. Tests that use it call `startMotoServer` in `beforeAll` and `stop` in `afterAll`.
 * It runs through `faithful-moto-server.py`, which corrects moto where it differs from AWS in what
 * the tests rely on: schedule and disabled rules that still route events, CloudTrail calls that do
 * not find a trail by its ARN, and DynamoDB conditional writes and SQS receives that are not atomic
 * when two requests arrive at once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, connect } from "node:net";
import * as path from "node:path";
import { PROJECT_ROOT } from "../src/project-root";

const MOTO_SERVER = path.join(PROJECT_ROOT, "emulator", "faithful-moto-server.py");

export interface MotoServer {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Credentials and region for the emulator: dummies, never real ones. */
export const EMULATOR_ENV = {
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_SESSION_TOKEN: "testing",
  AWS_REGION: "us-east-1",
  AWS_DEFAULT_REGION: "us-east-1",
} as const;

/** SDK client configuration for the emulator in a Region: its endpoint, path-style S3, the dummy credentials. */
export function emulatorClientConfig(endpoint: string, region: string) {
  return {
    endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId: EMULATOR_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: EMULATOR_ENV.AWS_SECRET_ACCESS_KEY },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Waits up to a minute for the port: moto starts in a few seconds on a quiet machine, 20 s and more on a busy one. */
export async function startMotoServer(timeoutMs = 60_000): Promise<MotoServer> {
  const port = await freePort();
  const child: ChildProcess = spawn("python3", [MOTO_SERVER, "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const spawnError = new Promise<never>((_, reject) =>
    child.once("error", (error) => reject(new Error(`moto_server could not start (is python3 installed?): ${error.message}`))),
  );

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(child.pid, "SIGTERM");
      const killTimer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(killTimer);
    }
  };

  const deadline = Date.now() + timeoutMs;
  while (!(await Promise.race([canConnect(port), spawnError]))) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode} (is moto installed for python3? pip install 'moto[server]'): ${stderr}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not listen on port ${port} within ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { endpoint: `http://127.0.0.1:${port}`, port, pid: child.pid as number, stop };
}

