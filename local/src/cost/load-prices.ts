/** The price table in effect: prices.json, or the file SFN_ECS_PRICES names (another region, newer prices). */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { DEFAULT_PRICES, type PriceTable } from './estimate-cost.js';

const rate = z.object({ vcpuHour: z.number().nonnegative(), gbHour: z.number().nonnegative() });
const purchaseOptions = z.object({ onDemand: rate, spot: rate });
const regionPrices = z.object({
  fargate: z.object({ x86_64: purchaseOptions, arm64: purchaseOptions }),
  stepFunctionsStandardPerTransition: z.number().nonnegative(),
});
/** The shape prices.json has; an override is checked against it so a typo is named, not a NaN later. */
const priceTableSchema = z.object({
  asOf: z.string().min(1),
  currency: z.string().min(1),
  regions: z.record(z.string(), regionPrices).refine((regions) => Object.keys(regions).length > 0, 'needs at least one region'),
});

/** Read once per process; a broken override is an error the user sees, not a silent fallback. */
export function pricesInEffect(env: NodeJS.ProcessEnv = process.env): PriceTable {
  const file = env.SFN_ECS_PRICES;
  if (!file) return DEFAULT_PRICES;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`SFN_ECS_PRICES=${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = priceTableSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new Error(`SFN_ECS_PRICES=${file} is not a price table like local/src/cost/prices.json: ${problems.join('; ')}`);
  }
  return { ...DEFAULT_PRICES, ...parsed.data } as PriceTable;
}
