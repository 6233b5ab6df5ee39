/**
 * The contract every example follows: the runner hands it a context and gets back the numbers it
 * printed, so tests assert on values instead of parsing stdout.
 */
import type { Table } from './lib/table.js';
import type { Progress } from './lib/progress.js';

export interface ExampleContext {
  /** Fewer steps and smaller data, for the test suite; the assertions still mean something. */
  readonly fast: boolean;
  /** Folder this example writes its figures and tables into (created by the runner). */
  readonly outDir: string;
  /** Prints one line of narration; tests pass a collector. */
  log(message: string): void;
  /** A progress bar for a long loop; silent when stdout is not a terminal or under CI. */
  progress(total: number, label: string): Progress;
}

export interface ExampleResult {
  /** Printed to stdout by the runner and written to `<outDir>/<name>.md`. */
  readonly tables: readonly Table[];
  /** Headline numbers by name, e.g. `"Adam/final"`; what tests assert on. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Paths of the SVG figures written. */
  readonly figures: readonly string[];
}

export interface Example {
  /** What `pnpm example <name>` takes. */
  readonly name: string;
  readonly title: string;
  /** Which tutorial (seeds file) and section the experiment reproduces. */
  readonly tutorial: string;
  run(ctx: ExampleContext): Promise<ExampleResult>;
}
