/**
 * The loss landscapes of tutorial 004 ("gradient descent from first principles"), with analytic
 * gradients, so optimizers can race on them without autograd.
 *
 * The tutorial gives a formula only for the 1-D parabola f(x) = (x − 3)²; its 2-D landscapes are
 * widgets described in words. The forms below are the standard ones and satisfy every property
 * the text states (each is checked in test/landscapes.test.ts):
 *  - Bowl: gradient descent diverges for η above ~1.0 ("crank the learning rate above ~1.0").
 *  - Ravine: "steep in the x-direction, shallow in the y-direction"; at η = 0.005 it needs
 *    thousands of steps along the floor.
 *  - Rosenbrock: "the famous banana-shaped valley", minimum at (1, 1).
 *  - Saddle: gradient zero at the centre, "curving up in one direction and down in another".
 */

export interface Landscape {
  readonly name: string;
  readonly f: (x: number, y: number) => number;
  readonly grad: (x: number, y: number) => [number, number];
  /** Where the minimum is (for the saddle: the stationary point). */
  readonly minimum: readonly [number, number];
  /** Plot window and a start point from which the race shows the landscape's failure mode. */
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
  readonly start: readonly [number, number];
  /** Whether `minimum` is a true minimum (false for the saddle, which is unbounded below). */
  readonly bounded: boolean;
}

/** The tutorial's 1-D example: f(x) = (x − 3)², f′(x) = 2(x − 3). */
export const parabola = {
  f: (x: number) => (x - 3) ** 2,
  grad: (x: number) => 2 * (x - 3),
  minimum: 3,
};

export const bowl: Landscape = {
  name: 'bowl',
  // Curvature 2 on both axes, like the parabola: GD multiplies the error by (1 − 2η), diverging for η > 1.
  f: (x, y) => x * x + y * y,
  grad: (x, y) => [2 * x, 2 * y],
  minimum: [0, 0],
  xRange: [-3, 3],
  yRange: [-3, 3],
  start: [-2.5, 2],
  bounded: true,
};

export const ravine: Landscape = {
  name: 'ravine',
  // Condition number 100: curvature 20 across the valley (x), 0.2 along its floor (y).
  f: (x, y) => 10 * x * x + 0.1 * y * y,
  grad: (x, y) => [20 * x, 0.2 * y],
  minimum: [0, 0],
  xRange: [-2, 2],
  yRange: [-10, 10],
  start: [-1.5, 8],
  bounded: true,
};

export const rosenbrock: Landscape = {
  name: 'rosenbrock',
  f: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  grad: (x, y) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
  minimum: [1, 1],
  xRange: [-2, 2],
  yRange: [-1, 3],
  start: [-1.5, 2],
  bounded: true,
};

export const saddle: Landscape = {
  name: 'saddle',
  f: (x, y) => x * x - y * y,
  grad: (x, y) => [2 * x, -2 * y],
  minimum: [0, 0],
  xRange: [-2, 2],
  yRange: [-2, 2],
  // On the ridge line y = 0 the y-gradient is exactly zero: the deterministic trap the tutorial describes.
  start: [-1.5, 0],
  bounded: false,
};

export const landscapes: readonly Landscape[] = [bowl, ravine, rosenbrock, saddle];

/** Plain gradient descent θ ← θ − η∇f(θ), the chapter-0 widget: returns every iterate, start included. */
export function gradientDescentPath(
  l: Pick<Landscape, 'grad'>,
  start: readonly [number, number],
  lr: number,
  steps: number,
): { x: number[]; y: number[] } {
  const xs = [start[0]];
  const ys = [start[1]];
  let [x, y] = start;
  for (let t = 0; t < steps; t++) {
    const [gx, gy] = l.grad(x, y);
    x -= lr * gx;
    y -= lr * gy;
    xs.push(x);
    ys.push(y);
    // A diverged run stops here rather than filling the path with Infinity and NaN.
    if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 1e6 || Math.abs(y) > 1e6) break;
  }
  return { x: xs, y: ys };
}
