// Small JSON files in the data directory, written so a crash never leaves half of one, and
// journals of JSON lines, appended to, for state that changes many times a second.
import { appendFile, mkdir, open, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The parsed file, or null if there is none. A file that is not JSON is an error. */
export async function readJsonFile(file: string): Promise<unknown> {
  const text = await readText(file);
  return text === null ? null : (JSON.parse(text) as unknown);
}

/**
 * Writes beside the file, then renames over it: readers see the old file or the new one. The
 * value is serialized now; writes to one file land in the order they were asked for.
 */
export function writeJsonFile(file: string, value: unknown): Promise<void> {
  const text = JSON.stringify(value, null, 2);
  return inOrder(file, async () => {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(`${file}.tmp`, text, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  });
}

/** Appends JSON lines to a file (made if missing), in the order asked, without holding it open. */
export function appendJsonLines(file: string, values: unknown[]): Promise<void> {
  const text = values.map((v) => `${JSON.stringify(v)}\n`).join('');
  return inOrder(file, async () => {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await appendFile(file, text, { mode: 0o600 });
  });
}

/** Every line of a journal that parses; a line cut short by a crash is skipped. */
export async function readJsonLines(file: string): Promise<unknown[]> {
  const text = await readText(file);
  if (text === null) return [];
  return text.split('\n').flatMap((line) => {
    try {
      return line ? [JSON.parse(line) as unknown] : [];
    } catch {
      return [];
    }
  });
}

/**
 * A journal of JSON lines kept open for appending. Lines appended while a write is under way go
 * out together in the next one (a group commit), so many appends a second cost a few writes.
 */
export class JsonJournal {
  private handle: Promise<FileHandle> | null = null;
  /** The lines the next write takes, and the promise it settles; null once that write has begun. */
  private pending: { lines: string[]; written: Promise<void> } | null = null;
  /** The last write scheduled: every operation runs after the one before. */
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  /** Resolves once the line is written. */
  append(value: unknown): Promise<void> {
    if (!this.pending) {
      const lines: string[] = [];
      const batch = {
        lines,
        written: this.after(async () => {
          if (this.pending === batch) this.pending = null;
          await (await this.open()).appendFile(lines.join(''));
        }),
      };
      this.pending = batch;
    }
    this.pending.lines.push(`${JSON.stringify(value)}\n`);
    return this.pending.written;
  }

  /**
   * Writes the journal anew holding just `values` (beside it, then renamed over it), after the
   * writes before; lines appended from now on go after them.
   */
  rewrite(values: unknown[]): Promise<void> {
    this.pending = null;
    const text = values.map((v) => `${JSON.stringify(v)}\n`).join('');
    return this.after(async () => {
      await (await this.handle)?.close();
      this.handle = null;
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
      await writeFile(`${this.file}.tmp`, text, { mode: 0o600 });
      await rename(`${this.file}.tmp`, this.file);
    });
  }

  async close(): Promise<void> {
    await this.tail.catch(() => undefined);
    await (await this.handle)?.close();
    this.handle = null;
  }

  private after(task: () => Promise<void>): Promise<void> {
    this.tail = this.tail.catch(() => undefined).then(task);
    return this.tail;
  }

  private open(): Promise<FileHandle> {
    this.handle ??= mkdir(dirname(this.file), { recursive: true, mode: 0o700 }).then(() => open(this.file, 'a', 0o600));
    return this.handle;
  }
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Operations on one file, one after another, so an older state never lands last. */
const queues = new Map<string, Promise<void>>();

function inOrder(file: string, task: () => Promise<void>): Promise<void> {
  const next = (queues.get(file) ?? Promise.resolve()).catch(() => undefined).then(task);
  queues.set(file, next);
  void next.finally(() => queues.get(file) === next && queues.delete(file)).catch(() => undefined);
  return next;
}
