// The demo: the sandbox API on loopback and a real VS Code (code-server) with the packaged extension,
// configured for the sandbox. Prints the URL and a demo key, and stays up until Ctrl-C.
// DEMO_PORT chooses VS Code's port (default: a free one).
import { ensureTools } from './lib/tools.mjs';
import { installExtension, startCodeServer } from './lib/codeServer.mjs';
import { buildAll } from './lib/build.mjs';
import { prepareWorkDir, startSandbox } from './lib/stack.mjs';
import { packageVsix } from './package.mjs';

ensureTools();
buildAll();
const vsix = packageVsix();
const { workDir, workspace } = prepareWorkDir('demo', { fresh: false, fixturesAs: 'sample-csvs' });
await installExtension(workDir, vsix);

// Real exports take about 30 s; a few seconds each lets the trend view be seen filling in period by period.
const sandbox = await startSandbox({ seed: 1, exportDelayMs: 3000 });
const server = await startCodeServer({
  workDir,
  folder: workspace,
  port: process.env.DEMO_PORT ? Number(process.env.DEMO_PORT) : undefined,
  // Seat prices for the sandbox's licences, so the organisation view shows idle seats in money.
  settings: { 'langdock.baseUrl': sandbox.apiUrl, 'langdock.seatPrices': { standard: 25, power_user: 60 } },
});

process.stdout.write(`
Langdock Usage demo is running.

  VS Code:        ${server.url}/?folder=${encodeURIComponent(workspace)}
  Sandbox API:    ${sandbox.apiUrl}   (langdock.baseUrl is set to it)

  In VS Code, run "Langdock: Set API Key" and paste a demo key:
    BYOK workspace (tokens and cost):  ${sandbox.keys.byok}
    Managed workspace (requests only): ${sandbox.keys.managed}
    Revoked key (shows the 401 path):  ${sandbox.keys.revoked}
  Then "Langdock: Export Model Usage", or open a CSV under sample-csvs/ with "Open in Langdock Usage Table".
  The organisation: "Langdock: Export Usage…" → Users opens grouped by department (idle seats at the demo's
  seat prices); "Langdock: Show Organisation" groups by company, licence type or role; a users trend
  ("Langdock: Show Usage Trend…" → Users) shows adoption by department and the seat status.

Press Ctrl-C to stop.
`);

const stop = async () => {
  await server.stop();
  await sandbox.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
