// Module resolve hook: a bare import that fails from the handler's folder is retried from each
// NODE_PATH folder, so ES module handlers can import the AWS SDK that Sluice provides.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const folders = (process.env.NODE_PATH || '').split(path.delimiter).filter(Boolean);

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const bare = !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.includes(':');
    if (!bare || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    for (const folder of folders) {
      // A parent module inside the folder's parent resolves bare names from the folder (a node_modules).
      const parentURL = pathToFileURL(path.join(path.dirname(folder), 'sluice-resolve.mjs')).href;
      try {
        return await nextResolve(specifier, { ...context, parentURL });
      } catch {
        // try the next folder
      }
    }
    throw error;
  }
}
