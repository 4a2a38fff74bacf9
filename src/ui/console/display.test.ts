import { describe, expect, it } from 'vitest';
import { displayLine, segments } from './display';

describe('console display', () => {
  it('shows control characters as escapes and leaves text, tabs and unicode alone', () => {
    expect(segments('a\u0000b\u001b\u007f')).toEqual([
      { text: 'a', control: false },
      { text: '\\x00', control: true },
      { text: 'b', control: false },
      { text: '\\x1b', control: true },
      { text: '\\x7f', control: true },
    ]);
    const text = 'tab\there é 日本 🙂 <img src=x onerror=alert(1)>';
    expect(segments(text)).toEqual([{ text, control: false }]);
  });
  it('cuts very long lines for display and says how much is left out', () => {
    expect(displayLine('x'.repeat(10), 4)).toEqual({ segments: [{ text: 'xxxx', control: false }], omitted: 6 });
    expect(displayLine('short').omitted).toBe(0);
  });
});
