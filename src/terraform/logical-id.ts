/**
 * The logical id cdktf 0.21 gives an element at a construct path below its stack (the name after the
 * type in a Terraform address), as its stacks compute it (lib/private/unique.js `makeUniqueId`),
 * written out here because that function is private to cdktf. Earlier versions of the app placed
 * resources by this scheme, so `moved` blocks must name them by it; a test compares it with cdktf's.
 */
import { createHash } from "node:crypto";

/** An id left out of the path altogether. */
const HIDDEN_ID = "Default";
/** An id left out of the readable part, but hashed. */
const HIDDEN_FROM_HUMAN_ID = "Resource";
const MAX_HUMAN_LEN = 240;
const MAX_ID_LEN = 255;

const allowedCharacters = (id: string): string => id.replace(/[^A-Za-z0-9_-]/g, "");

/** The first 8 hex digits (upper case) of the MD5 of the path joined with `/`. */
const pathHash = (ids: readonly string[]): string => createHash("md5").update(ids.join("/")).digest("hex").slice(0, 8).toUpperCase();

/** Drops an id that the id before it ends with (`Alarms`, `Alarms` → `Alarms`). */
function withoutRepeats(ids: readonly string[]): string[] {
  const kept: string[] = [];
  for (const id of ids) if (kept.length === 0 || !kept[kept.length - 1].endsWith(id)) kept.push(id);
  return kept;
}

/** `ids`: the construct ids from below the stack down to the element. */
export function logicalId(ids: readonly string[]): string {
  const path = ids.filter((id) => id !== HIDDEN_ID);
  if (path.length === 0) throw new Error("A logical id needs at least one construct id below the stack (other than Default).");
  if (path.length === 1 && allowedCharacters(path[0]).length <= MAX_ID_LEN) return allowedCharacters(path[0]);
  const human = withoutRepeats(path)
    .filter((id) => id !== HIDDEN_FROM_HUMAN_ID)
    .map(allowedCharacters)
    .join("_")
    .slice(0, MAX_HUMAN_LEN);
  return `${human}_${pathHash(path)}`;
}
