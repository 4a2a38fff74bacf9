import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { ConsoleTab, ScriptedLine } from '../../store/console-store';
import { stepHistory } from '../../store/console-store';
import { completeAt } from './completion';
import type { ConsoleController } from './console-controller';

/** What the prompt needs from the panel. */
export interface ConsolePromptProps {
  tab: ConsoleTab;
  controller: ConsoleController;
  knownKeys: ReadonlySet<string>;
  inputRef: RefObject<HTMLInputElement | null>;
  /** A line to type on the learner's behalf (a lesson's "Do it for me"), and what to call once entered. */
  scripted?: ScriptedLine | undefined;
  onScripted?: (id: number) => void;
}

/** Milliseconds per typed character of a scripted line (none with prefers-reduced-motion). */
const TYPE_MS = 28;

/**
 * The prompt line: `$ ` and an input. Enter runs (or feeds a running job's stdin), Up/Down walk
 * the tab's history, Tab completes, Ctrl-C stops the job (or drops the line), Ctrl-D ends
 * stdin, Ctrl-L clears. A pasted block of lines runs line by line, as in a terminal. Mounted per tab, so the draft and history cursor belong to the tab.
 */
export function ConsolePrompt({ tab, controller, knownKeys, inputRef, scripted, onScripted }: ConsolePromptProps) {
  const [value, setValue] = useState('');
  useScriptedTyping(tab.id, controller, setValue, scripted, onScripted);
  const [candidates, setCandidates] = useState<string[]>([]);
  const cursorIndex = useRef(tab.history.length);
  const draft = useRef('');
  const running = tab.running !== null;

  const setLine = (line: string, cursor = line.length): void => {
    setValue(line);
    requestAnimationFrame(() => {
      const el = inputRef.current;
      if (el && el.value === line) el.setSelectionRange(cursor, cursor); // unless typed over since
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    const input = e.currentTarget;
    const ctrl = e.ctrlKey && !e.altKey && !e.metaKey;
    if (e.key === 'Enter') {
      e.preventDefault();
      const line = value;
      setValue('');
      setCandidates([]);
      void controller.submit(tab.id, line);
      cursorIndex.current = Number.MAX_SAFE_INTEGER; // the fresh line, past whatever history becomes
      draft.current = '';
      return;
    }
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      if (running) return;
      e.preventDefault();
      const h = tab.history;
      if (cursorIndex.current > h.length) cursorIndex.current = h.length;
      if (cursorIndex.current === h.length) draft.current = value;
      cursorIndex.current = stepHistory(h, cursorIndex.current, e.key === 'ArrowUp' ? -1 : 1);
      setLine(cursorIndex.current === h.length ? draft.current : h[cursorIndex.current]!);
      return;
    }
    // Tab on an empty line moves focus on as usual, so the keyboard is never trapped here.
    if (e.key === 'Tab' && !e.shiftKey && !running && value.trim() !== '') {
      e.preventDefault();
      const r = completeAt(value, input.selectionStart ?? value.length, [...knownKeys]);
      setCandidates(r.candidates);
      if (r.line !== value) setLine(r.line, r.cursor);
      else if (r.candidates.length === 0) void controller.refreshKeys();
      return;
    }
    if (e.key === 'Escape') {
      setCandidates([]);
      return;
    }
    if (ctrl && (e.key === 'c' || e.key === 'C')) {
      if (input.selectionStart !== input.selectionEnd) return; // copy the selection
      e.preventDefault();
      if (!controller.interrupt(tab.id)) {
        controller.echoInterrupted(tab.id, value);
        setValue('');
        setCandidates([]);
      }
      return;
    }
    if (ctrl && (e.key === 'd' || e.key === 'D') && running) {
      e.preventDefault();
      controller.endInput(tab.id);
      return;
    }
    if (ctrl && (e.key === 'l' || e.key === 'L')) {
      e.preventDefault();
      controller.clear(tab.id);
    }
  };

  return (
    <>
      <div className={running ? 'console-prompt running' : 'console-prompt'}>
        <label htmlFor="console-input" className="console-ps1">
          <span aria-hidden="true">{running ? '›' : '$'}</span>
          <span className="sr-only">{running ? `input for the running command ${tab.running!.line}` : `command for console tab ${tab.id}`}</span>
        </label>
        <input
          id="console-input"
          ref={inputRef}
          data-testid="console-input"
          className="console-input-field"
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            if (candidates.length) setCandidates([]);
          }}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            const text = e.clipboardData.getData('text');
            if (!/[\r\n]/.test(text)) return;
            e.preventDefault();
            const input = e.currentTarget;
            const combined = value.slice(0, input.selectionStart ?? value.length) + text + value.slice(input.selectionEnd ?? value.length);
            const lines = combined.replace(/\r\n?/g, '\n').split('\n');
            const rest = lines.pop() ?? '';
            setCandidates([]);
            cursorIndex.current = Number.MAX_SAFE_INTEGER;
            controller.paste(tab.id, lines.join('\n') + '\n');
            setLine(rest);
          }}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          placeholder={running ? 'running: Ctrl-C stops it; lines typed here go to its stdin' : tab.lines.length === 0 ? 'type an etcdctl command, e.g. put name dazuo (help lists more)' : ''}
        />
      </div>
      {candidates.length > 0 && (
        <div className="console-candidates" data-testid="console-candidates" aria-live="polite">
          {candidates.slice(0, 60).map((c) => (
            <span key={c}>{c}</span>
          ))}
          {candidates.length > 60 && <span className="console-omitted">and {candidates.length - 60} more</span>}
        </div>
      )}
    </>
  );
}

/** Types a scripted line into the prompt a character at a time, then enters it like Enter would. */
function useScriptedTyping(tabId: number, controller: ConsoleController, setValue: (v: string) => void, scripted: ScriptedLine | undefined, onScripted: ((id: number) => void) | undefined): void {
  useEffect(() => {
    if (!scripted) return;
    if (scripted.interrupt) {
      if (!controller.interrupt(tabId)) controller.echoInterrupted(tabId, '');
      onScripted?.(scripted.id);
      return;
    }
    const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    const step = reduced ? scripted.line.length : Math.max(1, Math.ceil(scripted.line.length / 40));
    let shown = 0;
    let timer: ReturnType<typeof setTimeout>;
    const tick = (): void => {
      shown = Math.min(scripted.line.length, shown + step);
      setValue(scripted.line.slice(0, shown));
      if (shown < scripted.line.length) timer = setTimeout(tick, TYPE_MS);
      else
        timer = setTimeout(() => {
          setValue('');
          void controller.submit(tabId, scripted.line);
          onScripted?.(scripted.id);
        }, reduced ? 0 : 180);
    };
    timer = setTimeout(tick, reduced ? 0 : TYPE_MS);
    return () => clearTimeout(timer);
  }, [scripted, tabId, controller, setValue, onScripted]);
}
