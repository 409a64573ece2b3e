// Names are labels, keys are identities. Anyone can delete and re-register a name, or put any name
// in a record they sign, so the first keys this device sees under a name are pinned to it, from
// every record that carries keys: the registry, a room's members, join requests. A known name with
// other keys is a loud warning wherever the name shows; a name that looks like one you know is
// marked; and looking someone up by a name pinned to other keys is refused.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { QuorumError } from '../../../shared/errors.js';
import { appendJsonLines, readJsonFile, readJsonLines } from '../store/jsonFile.js';
import { skeletonOf } from './lookAlike.js';

export class PinnedKeys {
  private pins: Record<string, string> | null = null;
  /** Pinned names by what they look like, in the order they were pinned. */
  private readonly bySkeleton = new Map<string, string[]>();
  /** A journal, one pin a line: a new pin costs one line, however many are known. */
  private readonly file: string;
  /** Where pins were kept before, all in one file: moved into the journal on load. */
  private readonly oldFile: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'pins.jsonl');
    this.oldFile = join(dataDir, 'pins.json');
  }

  /** Reads the pins once (a missing file means none yet; a damaged old one must not silently forget them). */
  async load(): Promise<void> {
    if (this.pins) return;
    const old = Object.entries(((await readJsonFile(this.oldFile)) as Record<string, string> | null) ?? {});
    if (old.length > 0) await appendJsonLines(this.file, old.map(([name, fp]) => ({ name, fp })));
    await rm(this.oldFile, { force: true });
    const pins: Record<string, string> = {};
    for (const { name, fp } of (await readJsonLines(this.file)) as { name: string; fp: string }[]) pins[name] ??= fp;
    this.pins = pins;
    for (const name of Object.keys(pins)) this.index(name);
  }

  /** Pins `fingerprint` to `name` if the name is new here; settles once that is on disk. */
  observe(name: string, fingerprint: string): Promise<void> {
    const pins = this.loaded();
    if (pins[name]) return Promise.resolve();
    pins[name] = fingerprint;
    this.index(name);
    return appendJsonLines(this.file, [{ name, fp: fingerprint }]);
  }

  /** Pins, or refuses loudly if the name is pinned to other keys: for looking someone up by name. */
  async check(name: string, fingerprint: string): Promise<void> {
    await this.load();
    const pinned = this.loaded()[name];
    if (pinned && pinned !== fingerprint) {
      throw new QuorumError(
        'KEYS_CHANGED',
        `the keys of “${name}” are not the ones you saw before: their name may have been taken over. Compare safety codes before trusting them`,
      );
    }
    await this.observe(name, fingerprint);
  }

  /** Words for why `name` with these keys cannot be taken at its word, or null. */
  warningFor(name: string, fingerprint: string): string | null {
    const pins = this.loaded();
    const pinned = pins[name];
    if (pinned && pinned !== fingerprint) return `not the ${name} you know: other keys under that name`;
    // Marked: a name that looks like one known before it (the one known first is the one you know).
    for (const other of this.bySkeleton.get(skeletonOf(name)) ?? []) {
      if (other === name) return null;
      if (pins[other] !== fingerprint) return `looks like ${other}, whom you know`;
    }
    return null;
  }

  private loaded(): Record<string, string> {
    if (!this.pins) throw new Error('pins read before load()');
    return this.pins;
  }

  private index(name: string): void {
    const skeleton = skeletonOf(name);
    this.bySkeleton.set(skeleton, [...(this.bySkeleton.get(skeleton) ?? []), name]);
  }
}
