// Names are registered create-only, but anyone can delete and re-register one. So the first key
// we see under a name is pinned on this device, and a different key later is refused loudly.
import { join } from 'node:path';
import { QuorumError } from '../../../shared/errors.js';
import { readJsonFile, writeJsonFile } from '../store/jsonFile.js';

export class PinnedKeys {
  private pins: Record<string, string> | null = null;

  constructor(private readonly dataDir: string) {}

  /** Pins `fingerprint` for `name` if it is new; refuses if another key was pinned before. */
  async check(name: string, fingerprint: string): Promise<void> {
    const pins = await this.load();
    const pinned = pins[name];
    if (pinned === fingerprint) return;
    if (pinned) {
      throw new QuorumError(
        'KEYS_CHANGED',
        `the keys of “${name}” are not the ones you saw before: their name may have been taken over. Compare safety codes before trusting them`,
      );
    }
    pins[name] = fingerprint;
    await writeJsonFile(join(this.dataDir, 'pins.json'), pins);
  }

  private async load(): Promise<Record<string, string>> {
    // A missing file means nothing pinned yet; a damaged one must not silently forget the pins.
    this.pins ??= ((await readJsonFile(join(this.dataDir, 'pins.json'))) as Record<string, string> | null) ?? {};
    return this.pins;
  }
}
