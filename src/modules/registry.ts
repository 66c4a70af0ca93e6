// Modules are found by folder: every src/modules/<name>/index.ts that exports `manifest`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModuleManifest } from '../kernel/module.js';

const DIR = path.dirname(fileURLToPath(import.meta.url));
let cached: ModuleManifest[] | null = null;

export async function loadModules(): Promise<ModuleManifest[]> {
  if (cached) return cached;
  const names = fs
    .readdirSync(DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(DIR, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
  const out: ModuleManifest[] = [];
  for (const name of names) {
    const mod = (await import(/* @vite-ignore */ `./${name}/index.js`)) as { manifest?: ModuleManifest };
    if (!mod.manifest) throw new Error(`src/modules/${name}/index.ts does not export a manifest`);
    out.push(mod.manifest);
  }
  cached = out;
  return out;
}
