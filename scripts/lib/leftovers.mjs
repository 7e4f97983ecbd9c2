// What a crash leaves in the export store, planted while no extension host runs (between the crash phase and
// the suite, so before the extension activates again): a download in flight (tmp/*.csv.part), a CSV renamed into place whose metadata was
// never written, a half-written metadata temp file, a damaged metadata record, and one good export. The suite's
// crashLeftovers test reads the manifest (the file named by env LANGDOCK_LEFTOVERS_FILE) and checks what the next start made of them.
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function plantLeftovers(storeRoot) {
  const exports = path.join(storeRoot, 'exports');
  const tmp = path.join(storeRoot, 'tmp');
  mkdirSync(exports, { recursive: true });
  mkdirSync(tmp, { recursive: true });
  const csv = 'period_start,period_end,org_id,name,provider,requests\n2026-01-01,2026-01-02,ws,gpt,openai,3\n';
  const good = 'models-2026-01-01-2026-01-02-20260103T000000-aaaaaa';
  const damaged = 'models-2026-01-01-2026-01-02-20260103T000000-bbbbbb';
  const manifest = {
    good,
    damaged,
    partial: path.join(tmp, 'models-2026-01-01-2026-01-02-20260103T000000-cccccc.csv.part'),
    orphanCsv: path.join(exports, 'models-2026-01-01-2026-01-02-20260103T000000-dddddd.csv'),
    jsonTemp: path.join(exports, `${good}.json.0badc0de.tmp`),
  };
  const record = {
    version: 1,
    id: good,
    type: 'models',
    range: { from: '2026-01-01', to: '2026-01-02', timezone: 'UTC' },
    recordCount: 1,
    createdAt: '2026-01-03T00:00:00.000Z',
    host: '127.0.0.1',
    fileSize: csv.length,
  };
  writeFileSync(path.join(exports, `${good}.csv`), csv);
  writeFileSync(path.join(exports, `${good}.json`), JSON.stringify(record));
  writeFileSync(path.join(exports, `${damaged}.csv`), csv);
  writeFileSync(path.join(exports, `${damaged}.json`), '{"version":1,"id":"models-2026-01-01-20');
  writeFileSync(manifest.partial, csv.slice(0, 40));
  writeFileSync(manifest.orphanCsv, csv);
  writeFileSync(manifest.jsonTemp, '{"version":1,');
  // The next start comes later: a crash's leftovers are old (newer ones may be another window's files in flight).
  const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
  const inTmp = readdirSync(tmp).map((name) => path.join(tmp, name));
  for (const file of [...inTmp, manifest.orphanCsv, manifest.jsonTemp]) utimesSync(file, old, old);
  return manifest;
}
