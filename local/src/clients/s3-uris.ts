/** s3:// URIs in a JSON value (an execution's or a state's output). No I/O: the web console shares it. */

/** s3:// URIs anywhere in a JSON value, in order, without duplicates. */
export function s3UrisIn(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.startsWith('s3://')) found.add(v);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  return [...found];
}
