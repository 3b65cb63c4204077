/** The cdktf app: read the settings, build the one stack, synthesize Terraform JSON. */
// cdktf records a stack trace for every lazy token it creates; formatted through the runner's source
// maps that is a tenth of the synth. Nothing reads those traces, so formatting stays plain.
process.setSourceMapsEnabled(false);
import { App } from "cdktf";
import { readCdktfJsonContext } from "./src/settings/cdktf-context";
import { InvalidSettingsError } from "./src/settings/invalid-settings-error";
import { loadSettings } from "./src/settings/load-settings";
import { RootActivityMonitorStack } from "./src/stack";
import { STACK_NAME } from "./src/contract/names";

try {
  // No stack traces in construct metadata: nobody reads them, and capturing one per construct through
  // source maps is a tenth of the synth time.
  const app = new App({ context: readCdktfJsonContext(), stackTraces: false });
  const settings = loadSettings(app.node.getAllContext(), process.env);
  new RootActivityMonitorStack(app, STACK_NAME, settings);
  app.synth();
} catch (error) {
  // Bad settings are a person's mistake: the message names each one; a stack trace would bury it.
  if (!(error instanceof InvalidSettingsError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
