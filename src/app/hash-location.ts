import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { parseHash } from './router';
import type { Location } from './router';

/** Keeps a host in step with `location.hash`. */
export class HashController implements ReactiveController {
  location: Location = parseHash(window.location.hash);
  private readonly _onHashChange = () => {
    this.location = parseHash(window.location.hash);
    this.host.requestUpdate();
  };

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('hashchange', this._onHashChange);
    this._onHashChange();
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this._onHashChange);
  }
}

/** Changes the query of the current view without adding a history entry (filters, search-as-you-type). */
export function replaceHash(next: string): void {
  if (window.location.hash === next) return;
  history.replaceState(history.state, '', next);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function navigate(next: string): void {
  window.location.hash = next;
}
