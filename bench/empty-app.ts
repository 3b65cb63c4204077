/** The floor for synth: the same runner loads cdktf and synthesizes one empty stack. */
import { App, TerraformStack } from "cdktf";

const app = new App();
new TerraformStack(app, "empty");
app.synth();
