import { useState } from 'react';
import { CHAOS_FAULT_KINDS, type ChaosFaultKind } from '../../sim/chaos-schedule';
import type { ChaosOptions } from '../../cluster/chaos/runner';

const FAULT_LABELS: Record<ChaosFaultKind, string> = {
  partition: 'Partitions: majority/minority, isolate the leader, bridge, one-way',
  kill: 'Kill members (the leader too) and restart them',
  wipe: 'Wipe a disk: the member rejoins as a new one',
  network: 'Lossy links: loss, duplication, delay, reordering',
  slow: 'A slow member',
  transfer: 'Leader-transfer storms',
};

/** What a run is asked to do. */
export type ChaosFormValues = Required<Pick<ChaosOptions, 'seconds' | 'clients' | 'seed'>> & { faults: ChaosFaultKind[] };

/** The run's settings: duration, clients, seed, fault families. */
export function ChaosForm({ disabled, onRun }: { disabled: boolean; onRun: (v: ChaosFormValues) => void }) {
  const [seconds, setSeconds] = useState(20);
  const [clients, setClients] = useState(8);
  const [seed, setSeed] = useState(1);
  const [faults, setFaults] = useState<ChaosFaultKind[]>([...CHAOS_FAULT_KINDS]);
  const toggle = (k: ChaosFaultKind): void => setFaults((f) => (f.includes(k) ? f.filter((x) => x !== k) : CHAOS_FAULT_KINDS.filter((x) => x === k || f.includes(x))));
  return (
    <form
      className="chaos-form"
      onSubmit={(e) => {
        e.preventDefault();
        onRun({ seconds, clients, seed, faults });
      }}
    >
      <div className="chaos-numbers">
        <label>
          Duration (s)
          <input type="number" min={8} max={300} value={seconds} onChange={(e) => setSeconds(Number(e.target.value) || 20)} data-testid="chaos-seconds" disabled={disabled} />
        </label>
        <label>
          Clients
          <input type="number" min={1} max={32} value={clients} onChange={(e) => setClients(Number(e.target.value) || 1)} data-testid="chaos-clients" disabled={disabled} />
        </label>
        <label>
          Seed
          <input type="number" value={seed} onChange={(e) => setSeed(Number(e.target.value) || 0)} data-testid="chaos-seed" disabled={disabled} />
        </label>
      </div>
      <fieldset disabled={disabled}>
        <legend>Faults</legend>
        {CHAOS_FAULT_KINDS.map((k) => (
          <label key={k} className="chaos-fault">
            <input type="checkbox" checked={faults.includes(k)} onChange={() => toggle(k)} data-testid={`chaos-fault-${k}`} />
            {FAULT_LABELS[k]}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="chaos-run" disabled={disabled} data-testid="chaos-run">
        {disabled ? 'Running…' : 'Run'}
      </button>
    </form>
  );
}
