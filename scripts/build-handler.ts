/** `npm run build`: bundles the Lambda handler into dist/handler/index.js. */
import { statSync } from "node:fs";
import * as path from "node:path";
import { buildHandlerBundle } from "../src/function/handler-bundle";
import { PROJECT_ROOT } from "../src/project-root";

const bundle = buildHandlerBundle();
const bytes = statSync(bundle.outfile).size;
console.log(`built ${path.relative(PROJECT_ROOT, bundle.outfile)} (${(bytes / 1024).toFixed(1)} KiB)`);
