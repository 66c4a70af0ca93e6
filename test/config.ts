// The suite's configuration (no vitest import: the browser journeys' global setup uses it too).
import type { Config } from '../src/config.js';
import { loadConfig } from '../src/config.js';

export function testConfig(over: Partial<Config> = {}): Config {
  const base = loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'test-secret-0123456789abcdef0123456789abcdef', PORT: '3999' });
  return { ...base, ...over, tara: { ...base.tara, ...(over.tara ?? {}) } };
}
