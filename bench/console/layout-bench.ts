/**
 * The graph layout's cost: aslGraph + dagre layout of every definition the project has (statemachines/,
 * test fixtures, the conformance corpus), timed in Node's V8 (Chromium's engine): median of several runs
 * each, the slowest definitions listed. Decides whether the layout needs a Web Worker (it does not when
 * the slowest stays well under a frame budget of 16 ms).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus } from '../../scripts/conformance/corpus.mjs';
import { aslGraph } from '../../local/web/src/graph/asl-graph.js';
import { layout } from '../../local/web/src/graph/layout.js';

const RUNS = 9;

function aslFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return aslFiles(path);
    return entry.name.endsWith('.asl.json') ? [path] : [];
  });
}

const definitions: { name: string; definition: Record<string, unknown> }[] = [
  ...[...aslFiles('statemachines'), ...aslFiles('test/fixtures')].map((path) => ({ name: path, definition: JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> })),
  ...(await loadCorpus()).cases.map((c) => ({ name: `conformance ${c.id}`, definition: c.definition })),
];

const countStates = (states: unknown): number =>
  Object.values((states ?? {}) as Record<string, Record<string, unknown>>).reduce((n, s) => {
    const processor = (s.ItemProcessor ?? s.Iterator) as Record<string, unknown> | undefined;
    const branches = (s.Branches ?? []) as Record<string, unknown>[];
    return n + 1 + (processor ? countStates(processor.States) : 0) + branches.reduce((m, b) => m + countStates(b.States), 0);
  }, 0);

// CPU time as well as wall time: on a shared machine the wall clock mostly measures the neighbours.
const rows = definitions.map(({ name, definition }) => {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    layout(aslGraph(definition).root);
    const used = process.cpuUsage(startCpu);
    cpu.push((used.user + used.system) / 1000);
    wall.push(performance.now() - start);
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
  return { name, states: countStates(definition.States), medianMs: median(wall), cpuMedianMs: median(cpu), slowestMs: Math.max(...wall) };
});
rows.sort((a, b) => b.cpuMedianMs - a.cpuMedianMs);
console.log(`| definition | states | CPU median (ms) | wall median (ms) | slowest run, wall (ms) |\n|---|---|---|---|---|`);
for (const row of rows.slice(0, 6)) console.log(`| ${row.name} | ${row.states} | ${row.cpuMedianMs.toFixed(1)} | ${row.medianMs.toFixed(1)} | ${row.slowestMs.toFixed(1)} |`);
console.log(JSON.stringify({ definitions: rows.length, slowest: rows[0], total: rows.reduce((t, r) => t + r.medianMs, 0) }));
