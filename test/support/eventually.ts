/**
 * Retries `check` until it passes, then fails with its last error after 30 s: a condition
 * of the running app (a page's figure, a rebuilt read model) is waited for, not a length of time.
 */
export async function eventually(check: () => Promise<unknown>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
