/**
 * `npm run bootstrap-state`, `plan`, `deploy` and `destroy` refuse (exit 2) the example state bucket of the shipped cdktf.json:
 * anyone can guess that name and claim it, and with it the state (every resource id, the topic's
 * subscribers). Synth only warns, so that trying the project needs no bucket.
 */
import { EXAMPLE_STATE_BUCKET } from "../../src/settings/backend-settings";
import type { Settings } from "../../src/settings/settings-schema";
import { CommandRefused } from "./run-command";

export function refuseExampleStateBucket(settings: Pick<Settings, "stateBucket">): void {
  if (settings.stateBucket !== EXAMPLE_STATE_BUCKET) return;
  throw new CommandRefused(
    `Refused: the state bucket is still the example "${EXAMPLE_STATE_BUCKET}" of the shipped cdktf.json, a name anyone can guess and claim. ` +
      "Choose your own (stateBucket in cdktf.json, or ROOT_MONITOR_STATE_BUCKET), create it with `npm run bootstrap-state`, then run this again.",
  );
}
