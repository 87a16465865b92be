/**
 * Retries `check` until it passes and answers what it returned, or fails with its last error after
 * `timeoutMs`: a condition of the running app (a page's figure, a rebuilt read model) is waited for,
 * not a length of time. `intervalMs` is short where the condition is a moment to catch (a build under
 * way), not a state that stays.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 30_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
