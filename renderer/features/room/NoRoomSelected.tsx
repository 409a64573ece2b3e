export function NoRoomSelected() {
  return (
    <div className="empty-state">
      <h1>No room open</h1>
      <p className="muted">Pick a room on the left, or create a new one.</p>
    </div>
  );
}
