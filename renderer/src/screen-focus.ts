import { useEffect, useRef } from 'react';

/** Focuses an element that is not focusable by itself (a heading, main) without adding it to the tab order. */
export function focusStatic(element: HTMLElement): void {
  if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
  element.focus();
}

/** The screen's heading (or an open modal's), or main itself while the screen is still loading. */
export function focusScreen(main: HTMLElement | null): void {
  const modal = document.querySelector<HTMLElement>('[aria-modal="true"]');
  if (modal) return focusStatic(modal.querySelector<HTMLElement>('h1') ?? modal);
  if (!main) return;
  const heading = main.querySelector<HTMLElement>('h1');
  focusStatic(heading ?? main);
}

/**
 * After a screen change, focus goes to the new screen's heading (as soon as it is there) and
 * the title is set, so a screen reader hears where the person is. Not on the first load: the
 * page starts at the top, with the skip link first.
 */
export function useScreenChange(screenKey: string, title: string, main: React.RefObject<HTMLElement | null>): void {
  const first = useRef(true);
  useEffect(() => {
    document.title = title;
  }, [title]);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const root = main.current;
    if (!root) return;
    if (root.querySelector('h1')) return focusScreen(root);
    // A screen that loads first gets its heading a moment later.
    focusStatic(root);
    const observer = new MutationObserver(() => {
      if (!root.querySelector('h1')) return;
      observer.disconnect();
      if (document.activeElement === root) focusScreen(root);
    });
    observer.observe(root, { childList: true, subtree: true });
    const stop = setTimeout(() => observer.disconnect(), 5_000);
    return () => {
      observer.disconnect();
      clearTimeout(stop);
    };
  }, [screenKey, main]);
}

/**
 * Focus never drops to the page body: when the focused element disappears (a form that closes
 * after saving or cancelling, an alarm that is closed), focus goes to the screen's heading.
 */
export function useFocusNeverLost(main: React.RefObject<HTMLElement | null>): void {
  useEffect(() => {
    let last: Element | null = null;
    const remember = (event: FocusEvent) => {
      last = event.target instanceof Element ? event.target : null;
    };
    const check = () => {
      if (document.activeElement !== document.body && document.activeElement !== null) return;
      if (!last || last.isConnected) return;
      focusScreen(main.current);
    };
    // Removing a focused element fires no event the page can rely on; a short poll after each focus loss catches it.
    const lost = () => setTimeout(check, 0);
    const timer = setInterval(check, 250);
    document.addEventListener('focusin', remember);
    document.addEventListener('focusout', lost);
    return () => {
      clearInterval(timer);
      document.removeEventListener('focusin', remember);
      document.removeEventListener('focusout', lost);
    };
  }, [main]);
}
