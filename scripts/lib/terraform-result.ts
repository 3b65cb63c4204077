/** What one run of the `terraform` binary gave: its exit code and everything it printed. */
export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}
