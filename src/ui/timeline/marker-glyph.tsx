import type { MarkerKind } from '../../store/timeline-markers';

/** Okabe-Ito colour and a shape per marker kind: never colour alone. */
export const MARKER_STYLE: Record<MarkerKind, { label: string; colour: string }> = {
  election: { label: 'election', colour: '#E69F00' },
  leader: { label: 'new leader', colour: '#009E73' },
  kill: { label: 'kill', colour: '#D55E00' },
  restart: { label: 'restart', colour: '#0072B2' },
  partition: { label: 'partition', colour: '#CC79A7' },
  heal: { label: 'heal', colour: '#56B4E9' },
};

/** The glyph of a marker kind centred on (0, 0), about 11 px tall. */
export function MarkerGlyph({ kind }: { kind: MarkerKind }) {
  const c = MARKER_STYLE[kind].colour;
  switch (kind) {
    case 'election':
      return <path d="M0 -5.5 L5 0 L0 5.5 L-5 0 Z" fill={c} stroke="#1f2937" strokeWidth={0.8} />;
    case 'leader':
      return <circle r={5} fill={c} stroke="#1f2937" strokeWidth={0.8} />;
    case 'kill':
      return <path d="M-4.5 -4.5 L4.5 4.5 M4.5 -4.5 L-4.5 4.5" stroke={c} strokeWidth={2.6} strokeLinecap="round" />;
    case 'restart':
      return <path d="M0 -5.5 L5 4.5 L-5 4.5 Z" fill={c} stroke="#1f2937" strokeWidth={0.8} />;
    case 'partition':
      return <path d="M0 -8 V8" stroke={c} strokeWidth={2.4} strokeDasharray="3 2" />;
    case 'heal':
      return <path d="M-2 -7 V7 M2 -7 V7" stroke={c} strokeWidth={1.8} strokeLinecap="round" />;
  }
}

/** A small inline SVG of the glyph, for the legend. */
export function MarkerKey({ kind }: { kind: MarkerKind }) {
  return (
    <svg width={14} height={16} viewBox="-7 -8 14 16" aria-hidden="true" className="marker-key">
      <MarkerGlyph kind={kind} />
    </svg>
  );
}
