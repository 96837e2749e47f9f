import Module, { createRequire } from 'node:module';

/**
 * Requires a package through Node's own loader, `Module._load`, which Jest leaves alone
 * (Jest also swaps `module.createRequire` for its own registry). Jest's registry cannot run
 * some packages: ES-module-only dependencies (openapi-backend's ref-parser: "Cannot use
 * import statement outside a module") and a dynamic import() inside CommonJS (PGlite:
 * ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG, which kills the whole Jest process).
 * Outside Jest this is a plain require. Callers import only the package's types the usual way.
 */
export function requireWithNode<T>(id: string): T {
  const path = require.resolve(id);
  const nodeLoad = (
    Module as unknown as { _load?: (request: string, parent: null, isMain: boolean) => unknown }
  )._load;
  return (nodeLoad ? nodeLoad(path, null, false) : createRequire(__filename)(path)) as T;
}
