/** The `linalg` namespace, as `torch.linalg`: decompositions computed on the host in float64. */
export { svd } from './svd.js';
export type { SvdOptions, SvdResult } from './svd.js';
export { qr } from './qr.js';
export type { QrOptions, QrResult } from './qr.js';
