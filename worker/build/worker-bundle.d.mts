import type { BuildOptions } from 'esbuild';
/** esbuild options for the self-contained worker bundle. */
export declare function workerBundleOptions(outfile?: string): BuildOptions;
