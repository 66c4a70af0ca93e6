// Waiting in tests for something that happens in the background (a job, a fetch): polls until the
// check answers something truthy, and fails with what it waited for when it takes too long.
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const t0 = performance.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
