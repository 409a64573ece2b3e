// The exact bytes a signature covers. JSON with sorted keys, so the same record always signs
// the same way, and prefixed with its kind, so a signature over one kind of record can never
// be replayed as another.

export type Canonical = string | number | boolean | null | Canonical[] | { [key: string]: Canonical };

function sortKeys(value: Canonical): Canonical {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: { [key: string]: Canonical } = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key] as Canonical);
    return sorted;
  }
  return value;
}

export function canonicalBytes(kind: string, value: Canonical): Buffer {
  return Buffer.from(`quorum/v1/${kind}\n${JSON.stringify(sortKeys(value))}`, 'utf8');
}
