import { describe, expect, it } from 'vitest';
import { isTyping, shortcutFor, type KeyPress } from './shortcuts';

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, targetTag: 'BODY', ...more });

describe('keyboard shortcuts', () => {
  it('maps the documented keys', () => {
    expect(shortcutFor(press(' '))).toEqual({ kind: 'toggle-pause' });
    expect(shortcutFor(press('.'))).toEqual({ kind: 'step' });
    expect(shortcutFor(press('k'))).toEqual({ kind: 'kill' });
    expect(shortcutFor(press('r'))).toEqual({ kind: 'restart' });
    expect(shortcutFor(press('?'))).toEqual({ kind: 'help' });
    expect(shortcutFor(press('3'))).toEqual({ kind: 'select', slot: 3 });
    expect(shortcutFor(press('8'))).toBeUndefined();
    expect(shortcutFor(press('x'))).toBeUndefined();
  });

  it('never fires while typing, nor with modifiers', () => {
    for (const key of [' ', '.', 'k', 'r', '1', '?']) {
      expect(shortcutFor(press(key, { targetTag: 'INPUT', targetType: 'text' }))).toBeUndefined();
      expect(shortcutFor(press(key, { targetTag: 'TEXTAREA' }))).toBeUndefined();
      expect(shortcutFor(press(key, { targetTag: 'DIV', targetEditable: true }))).toBeUndefined();
      expect(shortcutFor(press(key, { ctrlKey: true }))).toBeUndefined();
    }
    expect(shortcutFor(press('r', { metaKey: true }))).toBeUndefined();
  });

  it('leaves Space to a focused button, but letters still work there and on the speed slider', () => {
    expect(shortcutFor(press(' ', { targetTag: 'BUTTON', targetActivatable: true }))).toBeUndefined();
    expect(shortcutFor(press('k', { targetTag: 'BUTTON', targetActivatable: true }))).toEqual({ kind: 'kill' });
    expect(isTyping(press('k', { targetTag: 'INPUT', targetType: 'range' }))).toBe(false);
    expect(isTyping(press('k', { targetTag: 'INPUT', targetType: 'search' }))).toBe(true);
  });

  it('takes Escape outside text fields only (the console keeps its own Escape)', () => {
    expect(shortcutFor(press('Escape', { targetTag: 'BUTTON', targetActivatable: true }))).toEqual({ kind: 'escape' });
    expect(shortcutFor(press('Escape', { targetTag: 'INPUT', targetType: 'text' }))).toBeUndefined();
  });
});
