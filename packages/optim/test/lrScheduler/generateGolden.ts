// Writes the golden lr sequences of CASES, computed by the independent reference, into golden/.
// Run from the repository root: npx tsx packages/optim/test/lrScheduler/generateGolden.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES } from './cases.js';
import { reference } from './reference.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
mkdirSync(dir, { recursive: true });
for (const c of CASES) {
  const file = join(dir, `${c.name}.json`);
  writeFileSync(file, `${JSON.stringify({ case: c, lrs: reference(c) })}\n`);
}
console.log(`wrote ${CASES.length} golden files to ${dir}`);
