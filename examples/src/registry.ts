/** Every runnable example, by the name `pnpm example <name>` takes. */
import type { Example } from './example.js';
import { adamFromScratch } from './examples/adam-from-scratch.js';
import { landscapesExample } from './examples/landscapes.js';

export const examples: readonly Example[] = [adamFromScratch, landscapesExample];

export function findExample(name: string): Example | undefined {
  return examples.find((e) => e.name === name);
}
