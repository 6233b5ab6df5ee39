// Builds browser/dist (the bundle the page loads) before the test serves it.
import { buildBrowser } from '../build.mjs';

export default async function setup(): Promise<void> {
  await buildBrowser();
}
