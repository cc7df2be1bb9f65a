import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICES, estimateCost } from '../../local/src/cost/estimate-cost.js';
import { pricesInEffect } from '../../local/src/cost/load-prices.js';

function priceFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'prices-')), 'prices.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const euWest1 = {
  fargate: {
    x86_64: { onDemand: { vcpuHour: 0.04656, gbHour: 0.00511 }, spot: { vcpuHour: 0.014, gbHour: 0.0015 } },
    arm64: { onDemand: { vcpuHour: 0.03725, gbHour: 0.00409 }, spot: { vcpuHour: 0.011, gbHour: 0.0012 } },
  },
  stepFunctionsStandardPerTransition: 0.000025,
};

describe('SFN_ECS_PRICES', () => {
  it('uses the packaged us-east-1 table when unset', () => {
    expect(pricesInEffect({})).toBe(DEFAULT_PRICES);
  });

  it("prices an execution with the override's region", () => {
    const prices = pricesInEffect({ SFN_ECS_PRICES: priceFile({ asOf: '2026-11-01', currency: 'USD', regions: { 'eu-west-1': euWest1 } }) });
    const estimate = estimateCost([{ id: 1, timestamp: new Date(0), type: 'PassStateEntered' }], { region: 'eu-west-1', prices });
    expect(estimate.priceRegion).toBe('eu-west-1');
    expect(estimate.asOf).toBe('2026-11-01');
  });

  it('names the misspelt field of a broken override instead of pricing with NaN', () => {
    const broken = { ...euWest1, fargate: { ...euWest1.fargate, x86_64: { ...euWest1.fargate.x86_64, onDemand: { vcpuHours: 0.04656, gbHour: 0.00511 } } } };
    const file = priceFile({ asOf: '2026-11-01', currency: 'USD', regions: { 'eu-west-1': broken } });
    expect(() => pricesInEffect({ SFN_ECS_PRICES: file })).toThrow(/regions\.eu-west-1\.fargate\.x86_64\.onDemand\.vcpuHour/);
  });

  it('names the file when it is not JSON', () => {
    const file = priceFile('{ "asOf": ');
    expect(() => pricesInEffect({ SFN_ECS_PRICES: file })).toThrow(file);
  });
});
