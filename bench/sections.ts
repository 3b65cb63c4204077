/**
 * The bench's sections, as data: which there are, which are quick enough to run by default, and what
 * each measures. The slow ones (real Terraform across 17 Regions, the whole test suite five times)
 * take tens of minutes, so `npm run bench` leaves them out unless asked.
 */
export const SECTIONS = [
  { name: "synth", slow: false, measures: "synth for 1, 3 and 17 Regions against an empty stack" },
  { name: "cli", slow: false, measures: "cdktf synth against the app command alone" },
  { name: "bundle", slow: false, measures: "the handler bundle's size, by package" },
  { name: "handler", slow: false, measures: "the handler's cold start, AWS calls and per-event work" },
  { name: "spray", slow: false, measures: "a password spray of 100 failed sign-ins with 5 critical moves on the emulator: reaching the function to publish for the critical alerts (about 3 minutes)" },
  { name: "cost", slow: false, measures: "the idle monthly cost of both delivery modes, 17 Regions (npm run cost's pricing)" },
  { name: "terraform", slow: true, measures: "`terraform plan` after apply, for 1 and for 17 Regions (regional and central delivery, and the organization hub) on the emulator: about an hour" },
  { name: "suite", slow: true, measures: "the whole test suite, without and with the end-to-end test: about half an hour" },
] as const;

export type SectionName = (typeof SECTIONS)[number]["name"];

export const SECTION_NAMES: readonly SectionName[] = SECTIONS.map((section) => section.name);
export const QUICK_SECTIONS: readonly SectionName[] = SECTIONS.filter((section) => !section.slow).map((section) => section.name);
