/** Reads a required environment variable once, at cold start, and fails loudly when it is missing. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value.trim() === "") {
    throw new Error(`Environment variable ${name} is required but is not set. The deployment sets it; set it when running the handler by hand.`);
  }
  return value.trim();
}

/** A required environment variable holding a whole number of seconds. */
export function requiredSeconds(name: string, env: NodeJS.ProcessEnv = process.env): number {
  const text = requiredEnv(name, env);
  if (!/^\d+$/.test(text)) throw new Error(`Environment variable ${name} must be a whole number of seconds; it is ${JSON.stringify(text)}.`);
  return Number(text);
}

/** An environment variable holding one of `choices`: `fallback` when it is not set, an error when it holds anything else. */
export function optionalChoice<T extends string>(name: string, choices: readonly T[], fallback: T, env: NodeJS.ProcessEnv = process.env): T {
  const text = env[name]?.trim();
  if (text === undefined || text === "") return fallback;
  if (!(choices as readonly string[]).includes(text)) throw new Error(`Environment variable ${name} must be one of ${choices.join(", ")}; it is ${JSON.stringify(text)}.`);
  return text as T;
}
