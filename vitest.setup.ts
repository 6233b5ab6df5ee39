// Assembles the WebAssembly kernels before the tests import them (a no-op when up to date).
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['packages/core/scripts/buildWasm.mjs'], { stdio: 'inherit' });
}
