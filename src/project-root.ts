import { existsSync } from "node:fs";
import * as path from "node:path";

/**
 * The directory that holds the project's package.json, found by walking up from this file, so that
 * paths hold whether this module runs from source (tsx, ts-jest) or from a compiled copy elsewhere.
 */
function findProjectRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "handler"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No project root (a folder with package.json and handler/) above ${start}`);
    dir = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot();
