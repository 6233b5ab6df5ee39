/** Types for build.mjs (plain JS so `node browser/build.mjs` runs without a TypeScript loader). */
export declare function buildBrowser(): Promise<void>;
