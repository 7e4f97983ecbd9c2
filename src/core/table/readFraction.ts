/**
 * How much of a file a load has read, 0 to 1 (0 for an empty file): the progress the partial tables show, and the
 * point (1) after which the worker sends none. Its own module: the host's bundle needs it without the reader.
 */
export function readFraction({ bytesRead, size }: { bytesRead: number; size: number }): number {
  return size > 0 ? Math.min(1, bytesRead / size) : 0;
}
