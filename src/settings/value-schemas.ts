/** The kinds of value that several settings share: lists, region codes, email addresses. */
import { z } from "zod";
import { isKnownRegion } from "../contract/regions";
import { commaList } from "./environment-text";

/** A list given as a JSON array or as one comma-separated string, items trimmed. */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (typeof value === "string" ? commaList(value) : Array.isArray(value) ? value.map((v) => (typeof v === "string" ? v.trim() : v)) : value),
    z.array(item, { error: "expected a list" }),
  );

export const regionCode = z.string({ error: "expected text" }).refine(isKnownRegion, { error: (issue) => `${JSON.stringify(issue.input)} is not a known region code` });

/**
 * A region code in the `regions` list. "all" there (["all", "eu-west-1"]) is told as what it is, not
 * as an unknown region code, which would contradict the allowed text: "all" stands alone.
 */
export const regionInList = z
  .string({ error: "expected text" })
  .refine((code) => code.trim().toLowerCase() !== "all", { error: '"all" stands alone: either "all", or a list of region codes without it', abort: true })
  .pipe(regionCode);

// RFC 5322 is wider than what anyone means here: one @, a dotted domain, no spaces.
export const emailAddress = z
  .string({ error: "expected text" })
  .regex(/^[^\s@,;<>]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/, { error: (issue) => `${JSON.stringify(issue.input)} is not an email address` });

/** A whole number of seconds from `min` to `max`. */
export const wholeSeconds = (min: number, max: number) =>
  z
    .number({ error: "expected a whole number of seconds" })
    .int({ error: "expected a whole number of seconds" })
    .min(min, { error: `below ${min}` })
    .max(max, { error: `above ${max}` });
