/** `npm run docs`: rewrites the generated sections of the README and docs/, wherever each lives (see doc-sections.ts). */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../src/project-root";
import { readDocFiles, withSectionsUpdated } from "./doc-sections";

const before = readDocFiles(PROJECT_ROOT);
withSectionsUpdated(before).then((after) => {
  const changed = Object.keys(after).filter((file) => after[file] !== before[file]);
  for (const file of changed) writeFileSync(path.join(PROJECT_ROOT, file), after[file]);
  console.log(changed.length === 0 ? "README.md and docs/ are up to date" : `updated: ${changed.join(", ")}`);
});
