/** `npm run docs`: rewrites the README sections generated from the code (see readme-sections.ts). */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../src/project-root";
import { withSectionsUpdated } from "./readme-sections";

const file = path.join(PROJECT_ROOT, "README.md");
withSectionsUpdated(readFileSync(file, "utf8")).then((after) => {
  const before = readFileSync(file, "utf8");
  writeFileSync(file, after);
  console.log(before === after ? "README.md is up to date" : "README.md updated");
});
