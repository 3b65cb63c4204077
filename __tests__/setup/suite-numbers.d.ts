/** The types of suite-numbers.js, a Jest reporter in plain JavaScript (Jest loads reporters untransformed). */
export interface FileResult {
  readonly displayName?: { readonly name: string } | string;
  readonly testFilePath: string;
  readonly numPassingTests: number;
  readonly numFailingTests: number;
  readonly numPendingTests: number;
  readonly numTodoTests: number;
  readonly perfStats: { readonly start: number; readonly end: number };
}
export function suiteNumbers(results: readonly FileResult[], rootDir: string): string[];
