import { ContextConsumer, createContext } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost, ReactiveElement } from 'lit';
import { projectIndex } from './project-index';
import type { ProjectIndex } from './project-index';
import type { WarehouseClient } from './warehouse-client';

/** The one warehouse client, provided by `<wh-app>` to every element below it. */
export const warehouseContext = createContext<WarehouseClient>(Symbol('warehouse-client'));

/**
 * Gives an element the warehouse client and re-renders it whenever the
 * client's state changes. `index` is the project derived from the build's
 * artifacts (null until the build is done).
 */
export class WarehouseController implements ReactiveController {
  client: WarehouseClient | undefined;
  private readonly _onChange = () => this.host.requestUpdate();

  constructor(private readonly host: ReactiveControllerHost & ReactiveElement) {
    host.addController(this);
    new ContextConsumer(host, {
      context: warehouseContext,
      subscribe: false,
      callback: (client) => this._attach(client),
    });
  }

  get index(): ProjectIndex | null {
    const artifacts = this.client?.artifacts;
    return artifacts ? projectIndex(artifacts) : null;
  }

  hostConnected(): void {
    this.client?.addEventListener('change', this._onChange);
  }

  hostDisconnected(): void {
    this.client?.removeEventListener('change', this._onChange);
  }

  private _attach(client: WarehouseClient): void {
    if (this.client === client) return;
    this.client?.removeEventListener('change', this._onChange);
    this.client = client;
    client.addEventListener('change', this._onChange);
    this.host.requestUpdate();
  }
}
