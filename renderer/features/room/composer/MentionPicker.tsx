import type { RoomMember } from '../../../../shared/types';

/** The members an @word could mean, for the composer's field to pick from (it keeps the focus). */
export function MentionPicker({ matches, active, onPick }: { matches: RoomMember[]; active: number; onPick: (member: RoomMember) => void }) {
  return (
    <ul className="mention-picker" id="mention-picker" role="listbox" aria-label="Members to mention">
      {matches.map((member, i) => (
        <li
          key={member.fingerprint}
          id={`mention-${member.fingerprint}`}
          role="option"
          aria-selected={i === active}
          // Down, not click: the field keeps its focus and caret.
          onMouseDown={(e) => (e.preventDefault(), onPick(member))}
        >
          <span dir="auto">@{member.name}</span>
          {member.warning && <span className="tag warn-tag">{member.warning}</span>}
        </li>
      ))}
    </ul>
  );
}
