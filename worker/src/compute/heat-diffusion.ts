import { mulberry32 } from '../analytics/synthetic.js';

/** Diffusion number α·Δt/Δx²; the explicit scheme on a 2-D grid is stable for values up to 0.25. */
export const DIFFUSION_NUMBER = 0.24;

export interface GridStats {
  step: number;
  min: number;
  max: number;
  mean: number;
  /** Sum over all cells; insulated edges keep it constant, so it checks the numerics. */
  totalHeat: number;
}

/**
 * 2-D heat diffusion on a size×size grid with insulated (zero-flux) edges, explicit FTCS scheme.
 * The initial field is a few Gaussian hot spots placed by `seed`, so equal inputs give equal results.
 */
export class HeatDiffusion {
  current: Float64Array;
  private next: Float64Array;
  step = 0;

  constructor(
    readonly size: number,
    seed: number,
  ) {
    this.current = initialField(size, seed);
    this.next = new Float64Array(size * size);
  }

  /** Advances `count` steps. */
  advance(count: number): void {
    const n = this.size;
    const r = DIFFUSION_NUMBER;
    for (let s = 0; s < count; s++) {
      const u = this.current;
      const v = this.next;
      for (let y = 0; y < n; y++) {
        const row = y * n;
        const up = y === 0 ? row : row - n;
        const down = y === n - 1 ? row : row + n;
        for (let x = 0; x < n; x++) {
          const i = row + x;
          const left = x === 0 ? i : i - 1;
          const right = x === n - 1 ? i : i + 1;
          v[i] = u[i]! + r * (u[left]! + u[right]! + u[up + x]! + u[down + x]! - 4 * u[i]!);
        }
      }
      this.current = v;
      this.next = u;
      this.step++;
    }
  }

  stats(): GridStats {
    let min = Infinity;
    let max = -Infinity;
    let total = 0;
    for (const value of this.current) {
      if (value < min) min = value;
      if (value > max) max = value;
      total += value;
    }
    return { step: this.step, min, max, mean: total / this.current.length, totalHeat: total };
  }
}

function initialField(size: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  const field = new Float64Array(size * size);
  const spots = 3 + Math.floor(random() * 5);
  for (let k = 0; k < spots; k++) {
    const cx = random() * size;
    const cy = random() * size;
    const radius = size * (0.03 + random() * 0.08);
    const amplitude = 50 + random() * 50;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const d2 = (x - cx) ** 2 + (y - cy) ** 2;
        field[y * size + x]! += amplitude * Math.exp(-d2 / (2 * radius * radius));
      }
    }
  }
  return field;
}
