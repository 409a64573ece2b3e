// Where the cluster is: QUORUM_ENDPOINTS, else the data dir's config.json, else nothing (and
// the app runs its own local node).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const configSchema = z.object({ endpoints: z.array(z.url()).min(1) });

export async function configuredEndpoints(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<string[] | null> {
  const fromEnv = env.QUORUM_ENDPOINTS?.split(',').map((e) => e.trim()).filter(Boolean);
  if (fromEnv?.length) return fromEnv;
  let text: string;
  try {
    text = await readFile(join(dataDir, 'config.json'), 'utf8');
  } catch {
    return null;
  }
  const parsed = configSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${join(dataDir, 'config.json')} is not valid: it needs {"endpoints": ["http://host:port", …]}`);
  return parsed.data.endpoints;
}
