/**
 * The progress lines of the commands that run Terraform (plan, deploy, destroy): seconds since the
 * command started, then what it does now, on stderr, so that stdout keeps only what the command tells.
 */

/** A logger whose lines read `[ 12.3s] terraform plan`, counted from `started`. */
export function progress(started: number = Date.now()): (text: string) => void {
  return (text) => console.error(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${text}`);
}
