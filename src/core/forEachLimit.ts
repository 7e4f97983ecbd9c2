/**
 * Runs `run` on every item, at most `limit` at a time, starting them in order; once `signal` aborts no further
 * item starts (the running ones finish). Rejects with the first failure, like Promise.all.
 */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
