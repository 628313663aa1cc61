/**
 * Registers the service worker that makes the site work offline (built by
 * vite-plugin-pwa, see vite.config.ts) and reports its state. Only the
 * built site has one: the dev server serves files that change under it.
 */

export interface OfflineEvents {
  /** The first visit's precache is complete: the next visit works without a network. */
  onOfflineReady: () => void;
  /** A newer version of the site is installed and waiting; `apply` switches to it and reloads. */
  onUpdate: (apply: () => void) => void;
  onError: (message: string) => void;
}

/** How often an open tab checks for a newer version of the site. */
const UPDATE_CHECK_MS = 30 * 60 * 1000;

export async function registerServiceWorker(events: OfflineEvents): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  try {
    // workbox-window is small, but the first page needs none of it.
    const { Workbox } = await import('workbox-window');
    const wb = new Workbox(new URL('sw.js', document.baseURI).href);
    wb.addEventListener('waiting', () => {
      events.onUpdate(() => {
        wb.addEventListener('controlling', () => location.reload());
        wb.messageSkipWaiting();
      });
    });
    wb.addEventListener('activated', (event) => {
      if (!event.isUpdate) events.onOfflineReady();
    });
    await wb.register();
    // A tab left open also hears of a new version: ask the server for sw.js now and then.
    setInterval(() => void wb.update().catch(() => undefined), UPDATE_CHECK_MS);
  } catch (error) {
    events.onError(`Offline use is not available: the service worker did not register (${(error as Error).message}).`);
  }
}
