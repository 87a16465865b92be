// The screen's ready marker: set once its own figures or list are on the page and its controls
// answer (effects run after React has committed the content and attached its handlers). The
// benchmark measures time to usable by it, tests wait for it, and what is not needed to use the
// screen (the charts' library) is fetched only after it.
import { useEffect } from 'react';

const EVENT = 'screen-ready';

export function ScreenReady({ name }: { name: string }) {
  useEffect(() => {
    document.body.dataset.ready = name;
    performance.mark(EVENT, { detail: name });
    window.dispatchEvent(new Event(EVENT));
    return () => {
      if (document.body.dataset.ready === name) delete document.body.dataset.ready;
    };
  }, [name]);
  return null;
}

/** Resolves once the screen on the page has set its ready marker. */
export function afterScreenReady(): Promise<void> {
  if (document.body.dataset.ready) return Promise.resolve();
  return new Promise((resolve) => window.addEventListener(EVENT, () => resolve(), { once: true }));
}
