// The window's size and place, remembered between runs. A saved place on a screen that is gone
// is dropped, so the window never opens out of sight.
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './core/store/jsonFile.js';
import type { WindowBounds } from './windowOptions.js';

const boundsSchema = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(320), height: z.number().int().min(240) });
const stateFile = (dir: string) => join(dir, 'window-state.json');

interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export async function loadWindowBounds(dir: string, screens: Area[]): Promise<WindowBounds | undefined> {
  const parsed = boundsSchema.safeParse(await readJsonFile(stateFile(dir)).catch(() => null));
  if (!parsed.success) return undefined;
  const b = parsed.data;
  const visible = screens.some((s) => b.x < s.x + s.width && b.x + b.width > s.x && b.y < s.y + s.height && b.y + b.height > s.y);
  return visible ? b : { width: b.width, height: b.height };
}

export function saveWindowBounds(dir: string, bounds: Area): Promise<void> {
  return writeJsonFile(stateFile(dir), bounds);
}
