/** The cdktf app: read the settings, build the one stack, synthesize Terraform JSON. */
import { App } from "cdktf";
import { readCdktfJsonContext } from "./src/cdktf-context";
import { loadSettings } from "./src/config";
import { RootActivityMonitorStack } from "./src/stack";

export const STACK_NAME = "root-activity-monitor";

const app = new App({ context: readCdktfJsonContext() });
const settings = loadSettings(app.node.getAllContext(), process.env);
new RootActivityMonitorStack(app, STACK_NAME, settings);
app.synth();
