import { useQuorum } from './store';
import { Onboarding } from './features/onboarding/Onboarding';
import { UnlockScreen } from './features/onboarding/UnlockScreen';
import { Sidebar } from './features/rooms/Sidebar';
import { RoomView } from './features/room/RoomView';
import { NoRoomSelected } from './features/room/NoRoomSelected';

export function App() {
  const identity = useQuorum((s) => s.identity);
  const lockedName = useQuorum((s) => s.lockedName);
  const currentRoomId = useQuorum((s) => s.currentRoomId);
  if (identity === undefined) {
    return (
      <main className="splash" aria-busy="true">
        <p>Starting Quorum…</p>
      </main>
    );
  }
  if (identity === null) return lockedName ? <UnlockScreen name={lockedName} /> : <Onboarding />;
  return (
    <div className="shell">
      <Sidebar />
      <main className="room-pane" aria-label="Room">
        {currentRoomId ? <RoomView key={currentRoomId} /> : <NoRoomSelected />}
      </main>
    </div>
  );
}
