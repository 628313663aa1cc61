import { expose } from 'comlink';
import initSqlJs from 'sql.js';
import type { SqlJsConfig } from 'sql.js';
import { createWarehouseService } from './warehouse-service';

expose(
  createWarehouseService({
    // sql.js reads an option its types do not list (useOldExtensionFunctions, see SQLJS_INIT_OPTIONS).
    initSqlJs: (options) => initSqlJs(options as SqlJsConfig),
    // The project's text is a chunk of its own, loaded when the build starts.
    projectFiles: async () => (await import('./project-files')).bundledProjectFiles(),
  }),
);
