/** What every bench section is given: a scratch folder, the runs per figure, and where its figures go. */
import type { Figure } from "./figures";

export interface BenchContext {
  /** A fresh folder for the section's files; removed after the run. */
  readonly work: string;
  /** Runs per timed figure (at least 5). */
  readonly runs: number;
  record(figure: Figure): void;
}
