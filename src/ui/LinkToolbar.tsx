import type { LinkPreset } from './raft-controls';
import type { ClusterDriver } from './driver';

const PRESETS: { key: LinkPreset; label: string; hint: string }[] = [
  { key: 'isolate-leader', label: 'Isolate leader', hint: 'cut the leader off from everyone' },
  { key: 'split', label: 'Split 2/3', hint: 'partition the members into a minority and a majority' },
  { key: 'asymmetric', label: 'Asymmetric', hint: 'one-way fault: the leader can send but receives nothing' },
  { key: 'flaky', label: 'Flaky 20% loss', hint: 'every link loses one message in five' },
  { key: 'heal', label: 'Heal', hint: 'restore every link' },
];

/** Network presets under the ring: one click to partition, lose messages or heal. */
export function LinkToolbar({ driver }: { driver: ClusterDriver }) {
  const raft = driver.raft;
  if (!raft) return null;
  return (
    <div className="link-toolbar" role="toolbar" aria-label="Network faults">
      <span className="toolbar-label">Network</span>
      {PRESETS.map((p) => (
        <button key={p.key} type="button" title={p.hint} onClick={() => raft.preset(p.key)} data-testid={`preset-${p.key}`}>
          {p.label}
        </button>
      ))}
    </div>
  );
}
