import { useQuorum } from './store';
import { ClusterSetupScreen } from './features/cluster/ClusterSetupScreen';
import { Onboarding } from './features/onboarding/Onboarding';
import { UnlockScreen } from './features/onboarding/UnlockScreen';
import { Sidebar } from './features/rooms/Sidebar';
import { RoomView } from './features/room/RoomView';
import { NoRoomSelected } from './features/room/NoRoomSelected';

export function App() {
  const identity = useQuorum((s) => s.identity);
  const lockedName = useQuorum((s) => s.lockedName);
  const currentRoomId = useQuorum((s) => s.currentRoomId);
  const cluster = useQuorum((s) => s.cluster);
  const choosingCluster = useQuorum((s) => s.choosingCluster);
  if (identity === undefined || cluster === undefined) return <Splash text="Starting Quorum…" />;
  if (cluster.status === 'starting' && !choosingCluster) {
    return <Splash text={cluster.mode === 'local' ? 'Starting your local node…' : 'Connecting to your cluster…'} />;
  }
  if (cluster.status !== 'ready') return <ClusterSetupScreen />;
  if (identity === null) return lockedName ? <UnlockScreen name={lockedName} /> : <Onboarding />;
  return (
    <div className={`shell ${currentRoomId ? 'in-room' : 'no-room'}`}>
      <Sidebar />
      <main className="room-pane" aria-label="Room">
        {currentRoomId ? <RoomView key={currentRoomId} /> : <NoRoomSelected />}
      </main>
    </div>
  );
}

function Splash({ text }: { text: string }) {
  return (
    <main className="splash" aria-busy="true">
      <p>{text}</p>
    </main>
  );
}
