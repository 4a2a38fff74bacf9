/**
 * The page's keyboard shortcuts as data: which key does what, and the pure decision of whether a
 * key press is a shortcut at all (never while the learner types, never with Ctrl/Cmd/Alt).
 * `/` (focus the console) is handled by the console itself.
 */

/** What a shortcut asks the page to do. */
export type ShortcutAction =
  | { kind: 'toggle-pause' }
  | { kind: 'step' }
  | { kind: 'kill' }
  | { kind: 'restart' }
  | { kind: 'select'; slot: number }
  | { kind: 'help' }
  | { kind: 'glossary' }
  | { kind: 'escape' };

/** The list the help overlay shows, in its order. */
export const SHORTCUTS: readonly { keys: string[]; what: string }[] = [
  { keys: ['Space'], what: 'pause / resume the cluster' },
  { keys: ['.'], what: 'step one tick (pauses first)' },
  { keys: ['1', '…', '7'], what: 'select member infra1 … infra7' },
  { keys: ['k'], what: 'kill the selected member' },
  { keys: ['r'], what: 'restart the selected member' },
  { keys: ['/'], what: 'focus the etcdctl console' },
  { keys: ['g'], what: 'open the glossary' },
  { keys: ['?'], what: 'show this help' },
  { keys: ['Esc'], what: 'close a popup; back to live when looking at the past' },
];

/** The bits of a KeyboardEvent the decision needs. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Tag name of the event target (upper case), its input type, and whether it is contentEditable. */
  targetTag?: string;
  targetType?: string;
  targetEditable?: boolean;
  /** The target is a button, link or other control that Space/Enter activate. */
  targetActivatable?: boolean;
}

const NON_TEXT_INPUTS = new Set(['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'color']);

/** True when the key goes into a text field (so no shortcut may fire). */
export function isTyping(k: KeyPress): boolean {
  if (k.targetEditable) return true;
  if (k.targetTag === 'TEXTAREA' || k.targetTag === 'SELECT') return true;
  return k.targetTag === 'INPUT' && !NON_TEXT_INPUTS.has((k.targetType ?? 'text').toLowerCase());
}

/** The shortcut a key press means, or undefined. Space on a focused button stays the button's. */
export function shortcutFor(k: KeyPress): ShortcutAction | undefined {
  if (k.ctrlKey || k.metaKey || k.altKey) return undefined;
  if (isTyping(k)) return undefined;
  if (k.key === 'Escape') return { kind: 'escape' };
  switch (k.key) {
    case ' ':
      return k.targetActivatable ? undefined : { kind: 'toggle-pause' };
    case '.':
      return { kind: 'step' };
    case 'k':
    case 'K':
      return { kind: 'kill' };
    case 'r':
    case 'R':
      return { kind: 'restart' };
    case '?':
      return { kind: 'help' };
    case 'g':
      return { kind: 'glossary' };
  }
  if (/^[1-7]$/.test(k.key)) return { kind: 'select', slot: Number(k.key) };
  return undefined;
}

/** Reads a KeyPress from a DOM keyboard event. */
export function keyPressOf(e: KeyboardEvent): KeyPress {
  const t = e.target as HTMLElement | null;
  const tag = t?.tagName?.toUpperCase();
  const role = t?.getAttribute?.('role');
  return {
    key: e.key,
    ctrlKey: e.ctrlKey,
    metaKey: e.metaKey,
    altKey: e.altKey,
    targetTag: tag,
    targetType: (t as HTMLInputElement | null)?.type,
    targetEditable: !!t?.isContentEditable,
    targetActivatable: tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || role === 'button' || role === 'tab' || role === 'menuitem' || role === 'slider' || (tag === 'INPUT' && !isTyping({ key: '', ctrlKey: false, metaKey: false, altKey: false, targetTag: tag, targetType: (t as HTMLInputElement).type })),
  };
}
