/** The price table in effect: prices.json, or the file SFN_ECS_PRICES names (another region, newer prices). */
import { readFileSync } from 'node:fs';
import { DEFAULT_PRICES, type PriceTable } from './estimate-cost.js';

/** Read once per process; a broken override is an error the user sees, not a silent fallback. */
export function pricesInEffect(env: NodeJS.ProcessEnv = process.env): PriceTable {
  const file = env.SFN_ECS_PRICES;
  if (!file) return DEFAULT_PRICES;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PriceTable;
  } catch (error) {
    throw new Error(`SFN_ECS_PRICES=${file}: ${(error as Error).message}`, { cause: error });
  }
}
