// What each room may interrupt you with, on this device: every message, mentions of you only, or
// nothing (muted). Not a secret (the room ids are in etcd anyway), and small: one file per identity.
import { join } from 'node:path';
import type { NotifyLevel } from '../../../../shared/types.js';
import { readJsonFile, writeJsonFile } from '../../store/jsonFile.js';

const LEVELS: readonly NotifyLevel[] = ['all', 'mentions', 'muted'];

export class NotifySettings {
  private levels: Record<string, NotifyLevel> = {};
  private readonly file: string;

  constructor(dataDir: string, fingerprint: string) {
    this.file = join(dataDir, 'notify', `${fingerprint}.json`);
  }

  async load(): Promise<void> {
    const stored = ((await readJsonFile(this.file)) ?? {}) as Record<string, unknown>;
    this.levels = Object.fromEntries(Object.entries(stored).filter((e): e is [string, NotifyLevel] => LEVELS.includes(e[1] as NotifyLevel)));
  }

  level(roomId: string): NotifyLevel {
    return this.levels[roomId] ?? 'all';
  }

  async set(roomId: string, level: NotifyLevel): Promise<void> {
    if (level === 'all') delete this.levels[roomId];
    else this.levels[roomId] = level;
    await writeJsonFile(this.file, this.levels);
  }
}
