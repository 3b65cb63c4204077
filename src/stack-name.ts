/** The stack's name: the folder `cdktf.out/stacks/<name>` that Terraform runs in, for the app and every tool. */
export const STACK_NAME = "root-activity-monitor";
