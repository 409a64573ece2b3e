import type { Message } from '../../../../shared/types';

const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "edited", opening onto the versions before the one shown, oldest first. */
export function EditedMark({ edited }: { edited: NonNullable<Message['edited']> }) {
  return (
    <details className="edited">
      <summary title={`Edited ${format.format(edited.at)}`}>edited</summary>
      <ol className="earlier" aria-label="Earlier versions">
        {edited.earlier.map((version) => (
          <li key={version.at}>
            <time dateTime={new Date(version.at).toISOString()}>{format.format(version.at)}</time>{' '}
            <span dir="auto">{version.text}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
