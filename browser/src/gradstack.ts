/**
 * The browser bundle's entry: core at the top level (as `@gradstack/core` exports it), nn and optim
 * as namespaces (their names overlap core's in places, e.g. `functional`).
 */
export * from '../../packages/core/src/index.js';
export * as nn from '../../packages/nn/src/index.js';
export * as optim from '../../packages/optim/src/index.js';
