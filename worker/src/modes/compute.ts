import * as z from 'zod/mini';
import { DIFFUSION_NUMBER, HeatDiffusion } from '../compute/heat-diffusion.js';
import type { GridStats } from '../compute/heat-diffusion.js';
import { throwIfStopped } from '../errors.js';
import { defineMode } from '../mode.js';
import { heatMapPng } from '../render/heat-map.js';

/** Cell updates between checks of the stop signal (about 10 ms of work). */
const CELLS_PER_SLICE = 2_000_000;
/** How many evenly spaced snapshots of the grid statistics the results keep. */
const SNAPSHOTS = 10;

/**
 * compute: 2-D heat diffusion on a size×size grid for `steps` steps from seeded hot spots.
 * Artifacts: results.json (statistics over time, heat conservation check) and heatmap.png (initial | final).
 */
export const computeMode = defineMode({
  schema: z.strictObject({
    size: z.int().check(z.minimum(4), z.maximum(2048)),
    steps: z.int().check(z.minimum(1), z.maximum(1_000_000)),
    seed: z._default(z.int(), 1),
  }),
  requiresArtifactBucket: true,
  async run(input, { signal, log, artifacts }) {
    const simulation = new HeatDiffusion(input.size, input.seed);
    const initial = Float64Array.from(simulation.current);
    const initialStats = simulation.stats();
    const snapshots: GridStats[] = [initialStats];
    const every = Math.max(1, Math.ceil(input.steps / SNAPSHOTS));
    const slice = Math.max(1, Math.floor(CELLS_PER_SLICE / (input.size * input.size)));
    const started = performance.now();
    while (simulation.step < input.steps) {
      const untilSnapshot = every - (simulation.step % every);
      simulation.advance(Math.min(slice, untilSnapshot, input.steps - simulation.step));
      if (simulation.step % every === 0 || simulation.step === input.steps) snapshots.push(simulation.stats());
      await new Promise((resolve) => setImmediate(resolve));
      throwIfStopped(signal);
    }
    const computeMs = Math.round(performance.now() - started);
    const final = snapshots.at(-1)!;
    const conservationError = Math.abs(final.totalHeat - initialStats.totalHeat) / initialStats.totalHeat;
    log.info('compute: simulation finished', { steps: input.steps, computeMs });
    const results = {
      model: '2-D heat equation, explicit FTCS, insulated edges',
      size: input.size,
      steps: input.steps,
      seed: input.seed,
      diffusionNumber: DIFFUSION_NUMBER,
      computeMs,
      cellUpdatesPerSecond: Math.round((input.size * input.size * input.steps) / Math.max(computeMs / 1000, 1e-3)),
      initial: initialStats,
      final,
      relativeConservationError: conservationError,
      snapshots,
    };
    await artifacts.write('results.json', `${JSON.stringify(results, null, 2)}\n`, 'application/json', signal);
    await artifacts.write('heatmap.png', heatMapPng({
      title: `2-D heat diffusion, ${input.size} × ${input.size} grid, ${input.steps} steps, seed ${input.seed}`,
      panels: [
        { caption: 'initial (step 0)', field: initial },
        { caption: `final (step ${input.steps})`, field: simulation.current },
      ],
      size: input.size,
      min: Math.min(initialStats.min, final.min),
      max: Math.max(initialStats.max, final.max),
      valueName: 'temperature',
    }), 'image/png', signal);
    return { size: input.size, steps: input.steps, seed: input.seed, final, relativeConservationError: conservationError };
  },
});
