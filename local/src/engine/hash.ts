/**
 * The hash behind States.Hash and JSONata's $hash: the algorithm names Step Functions accepts, and a
 * hex digest of a string (other values are hashed as their JSON text).
 */
import { createHash } from 'node:crypto';

const NODE_ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

export const HASH_ALGORITHM_NAMES = Object.keys(NODE_ALGORITHMS);

/** Hex digest, or undefined when Step Functions does not know the algorithm. */
export function hashHex(value: unknown, algorithm: string): string | undefined {
  const nodeAlgorithm = NODE_ALGORITHMS[algorithm];
  if (!nodeAlgorithm) return undefined;
  return createHash(nodeAlgorithm).update(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').digest('hex');
}
