/**
 * `npm run sandbox`: the sandbox on its own, for the demo and for poking at it with curl. Stays up until
 * SIGINT/SIGTERM. SANDBOX_PORT fixes the API port (the download origin always takes a free one);
 * SANDBOX_EXPORT_DELAY_MS makes every export take that long, like real exports do.
 */
import { FAULT_MODES, startSandbox } from './server';

async function main(): Promise<void> {
  const port = process.env.SANDBOX_PORT ? Number(process.env.SANDBOX_PORT) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`SANDBOX_PORT must be a port number, not "${process.env.SANDBOX_PORT}"`);
  const exportDelayMs = process.env.SANDBOX_EXPORT_DELAY_MS ? Number(process.env.SANDBOX_EXPORT_DELAY_MS) : 0;
  if (!Number.isInteger(exportDelayMs) || exportDelayMs < 0)
    throw new Error(`SANDBOX_EXPORT_DELAY_MS must be milliseconds, not "${process.env.SANDBOX_EXPORT_DELAY_MS}"`);
  const sandbox = await startSandbox({ port, exportDelayMs });
  const lines = [
    'Langdock sandbox',
    `  API URL:         ${sandbox.apiUrl}`,
    `  Download origin: ${sandbox.downloadOrigin}`,
    `  BYOK key:        ${sandbox.keys.byok}`,
    `  Managed key:     ${sandbox.keys.managed}`,
    `  Revoked key:     ${sandbox.keys.revoked}   (401)`,
    `  No-scope key:    ${sandbox.keys.noScope}   (403)`,
    `  Usage from:      ${sandbox.workspaceCreated}`,
    `  Faults:          POST ${sandbox.apiUrl}/__sandbox/faults {"faults":[{"mode":"rate-limit","retryAfter":2}]}`,
    `                   modes: ${FAULT_MODES.join(', ')}`,
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
