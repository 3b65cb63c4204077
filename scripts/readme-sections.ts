/**
 * The README sections that are generated from the code, so that they cannot drift from it: the
 * sample notification, the settings table and the event pattern. `npm run docs` rewrites them;
 * a test fails when the README's copy is stale.
 */
import { SETTING_KEYS, SETTINGS } from "../src/config";
import { ROOT_ACTIVITY_EVENT_PATTERN } from "../src/event-pattern";
import { renderSampleNotification } from "./sample-notification";

export function inputsTable(): string {
  const escape = (text: string) => text.replace(/\|/g, "\\|");
  const rows = SETTING_KEYS.map((key) => [key, SETTINGS[key]] as const).map(
    ([key, spec]) =>
      `| \`${key}\` | ${spec.env ? `\`${spec.env}\`` : "none"} | ${escape(spec.type)} | ${escape(spec.defaultText)} | ${escape(spec.description)} Allowed: ${escape(spec.allowed)}. |`,
  );
  return ["| Setting | Environment | Type | Default | Description |", "|---|---|---|---|---|", ...rows].join("\n");
}

export const README_SECTIONS: Readonly<Record<string, () => string>> = {
  "sample-notification": () => ["```text", renderSampleNotification() + "```"].join("\n"),
  inputs: inputsTable,
  "event-pattern": () => ["```json", JSON.stringify(ROOT_ACTIVITY_EVENT_PATTERN, null, 2), "```"].join("\n"),
};

const markers = (name: string) => [`<!-- generated:${name}:start -->\n`, `\n<!-- generated:${name}:end -->`] as const;

/** The generated section `name` as it stands in `readme`, or undefined when its markers are missing. */
export function sectionIn(readme: string, name: string): string | undefined {
  const [start, end] = markers(name);
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  return from < 0 || to < from ? undefined : readme.slice(from + start.length, to);
}

export function withSectionsUpdated(readme: string): string {
  let out = readme;
  for (const [name, render] of Object.entries(README_SECTIONS)) {
    const current = sectionIn(out, name);
    if (current === undefined) throw new Error(`README.md has no markers for the generated section "${name}"`);
    const [start, end] = markers(name);
    out = out.replace(`${start}${current}${end}`, () => `${start}${render()}${end}`);
  }
  return out;
}
