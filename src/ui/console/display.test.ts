import { describe, expect, it } from 'vitest';
import { displayLine, visibleControls } from './display';

describe('console display', () => {
  it('makes control characters visible and leaves text, tabs and unicode alone', () => {
    expect(visibleControls('a\u0000b\u001bc\u007f')).toBe('a\u2400b\u241bc\u2421');
    expect(visibleControls('tab\there é 日本 🙂 <img src=x onerror=alert(1)>')).toBe('tab\there é 日本 🙂 <img src=x onerror=alert(1)>');
  });
  it('cuts very long lines for display and says how much is left out', () => {
    expect(displayLine('x'.repeat(10), 4)).toEqual({ text: 'xxxx', omitted: 6 });
    expect(displayLine('short', 4000)).toEqual({ text: 'short', omitted: 0 });
  });
});
