import { useRef, useState } from 'react';
import type { ChaosController } from '../../cluster/chaos/controller';
import { ChaosPanel } from './ChaosPanel';

/** The top bar's Chaos button and the drawer it opens (nothing when the engine has no chaos). */
export function ChaosButton({ chaos }: { chaos: ChaosController | undefined }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  if (!chaos) return null;
  return (
    <>
      <button type="button" ref={button} className="chaos-button" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="chaos">
        Chaos
      </button>
      {open && (
        <ChaosPanel
          chaos={chaos}
          onClose={() => {
            setOpen(false);
            button.current?.focus();
          }}
        />
      )}
    </>
  );
}
