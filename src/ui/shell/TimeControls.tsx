import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { ClusterStore } from '../../store/cluster-store';
import type { ClusterDriver } from '../driver';
import { formatSpeed, nearestStop, parseSpeedParam, SPEED_STOPS, withParam } from './speed';

/** Puts the speed into the address bar (`?speed=`, dropped at 1x) without a navigation. */
function writeSpeedToUrl(x: number): void {
  const search = withParam(window.location.search, 'speed', x === 1 ? undefined : String(x));
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
}

/**
 * The time controls of the top bar: play/pause, step one tick, and the speed slider (a log
 * scale from 0.05x to 16x, its value printed beside it and kept in the URL).
 */
export function TimeControls({ store, driver }: { store: ClusterStore; driver: ClusterDriver }) {
  const paused = useStore(store, (s) => s.paused);
  const speed = useStore(store, (s) => s.speed);

  useEffect(() => {
    const x = parseSpeedParam(new URLSearchParams(window.location.search).get('speed'));
    if (x !== 1) driver.setSpeed(x);
  }, [driver]);

  const stop = nearestStop(speed);
  return (
    <div className="time-controls" role="group" aria-label="time">
      <button
        type="button"
        className="icon-button play"
        onClick={() => driver.setPaused(!paused)}
        data-testid="pause"
        aria-label={paused ? 'Resume the cluster (Space)' : 'Pause the cluster (Space)'}
        title={paused ? 'Resume (Space)' : 'Pause (Space)'}
      >
        <span aria-hidden="true" className="glyph">{paused ? '▶' : '❚❚'}</span>
        <span className="button-text">{paused ? 'Resume' : 'Pause'}</span>
      </button>
      <button type="button" className="icon-button" onClick={() => driver.step()} data-testid="step" aria-label="Step one tick (.)" title="Step one tick: pauses, then moves cluster time to the next tick (.)">
        <span aria-hidden="true" className="glyph">▶❙</span>
        <span className="button-text">Step</span>
      </button>
      <label className="speed" title="Speed of cluster time: 1x is real time (a tick every 100 ms)">
        <span className="speed-label">speed</span>
        <input
          type="range"
          min={0}
          max={SPEED_STOPS.length - 1}
          step={1}
          value={stop}
          onChange={(e) => {
            const x = SPEED_STOPS[Number(e.target.value)]!;
            driver.setSpeed(x);
            writeSpeedToUrl(x);
          }}
          aria-valuetext={formatSpeed(speed)}
          data-testid="speed"
        />
        <output className="speed-value" data-testid="speed-value">
          {formatSpeed(speed)}
        </output>
      </label>
    </div>
  );
}
