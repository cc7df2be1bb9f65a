import type { AnyMode } from '../mode.js';
import { analyticsMode } from './analytics.js';
import { computeMode } from './compute.js';
import { echoMode } from './echo.js';
import { streamMode } from './stream.js';

/** Every worker mode, keyed by the value of MODE. */
export const MODES = {
  echo: echoMode,
  analytics: analyticsMode,
  compute: computeMode,
  stream: streamMode,
} as const satisfies Record<string, AnyMode>;
