import { useStore } from 'zustand';
import type { ClusterStore } from '../store/cluster-store';
import type { ClusterDriver } from './driver';
import { Term } from './glossary/Term';
import './storage.css';

/** A table of every member's Raft state, with kill and restart buttons. */
export function MemberTable({ store, driver, selected }: { store: ClusterStore; driver: ClusterDriver; selected: number }) {
  const members = useStore(store, (s) => s.members);
  return (
    <section className="panel" aria-labelledby="members-title">
      <header className="panel-head">
        <h2 id="members-title">Members</h2>
        <p className="caption">Raft state of each member: its role, current term, the leader it follows, and how far its log is committed and applied.</p>
      </header>
      <table className="members">
        <thead>
          <tr>
            <th scope="col">member</th>
            <th scope="col">role</th>
            <th scope="col"><Term id="term">term</Term></th>
            <th scope="col"><Term id="leader">leader</Term></th>
            <th scope="col">last <Term id="index">index</Term></th>
            <th scope="col"><Term id="commit">commit</Term></th>
            <th scope="col"><Term id="applied">applied</Term></th>
            <th scope="col"><span className="sr-only">actions</span></th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr
              key={m.id}
              data-testid={`member-${m.name}`}
              data-role={m.role}
              data-term={m.term}
              className={m.id === selected ? 'selected' : undefined}
            >
              <th scope="row">{m.name}</th>
              <td>
                <span className={`role role-${m.role}`}>{m.role}</span>
                {m.error && <span className="member-error" data-testid={`error-${m.name}`}>{m.error}</span>}
              </td>
              <td className="num">{m.term}</td>
              <td>{m.lead ? `infra${m.lead}` : '—'}</td>
              <td className="num">{m.lastIndex}</td>
              <td className="num">{m.commit}</td>
              <td className="num">{m.applied}</td>
              <td>
                {m.role === 'corrupt' && driver.raft ? (
                  <button type="button" onClick={() => void driver.raft!.wipe(m.id)} data-testid={`wipe-${m.name}`}>Wipe and rejoin</button>
                ) : m.role === 'stopped' || m.role === 'corrupt' ? (
                  <button type="button" onClick={() => driver.restart(m.id)} data-testid={`restart-${m.name}`}>Restart</button>
                ) : (
                  <button type="button" onClick={() => driver.kill(m.id)} data-testid={`kill-${m.name}`}>Kill</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
