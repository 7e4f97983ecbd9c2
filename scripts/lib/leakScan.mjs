// The key-leak scan run at the end of the integration and e2e layers: every sandbox API key is looked for in the
// runner's captured output (mocha, the workbench console) and in every file the run left under its work folder
// (code-server's logs with the extension's "Langdock Usage" log, user data, global storage with the saved CSVs
// and metadata, settings, caches, the workspace, the test proxy's log and the bytes clients sent into its
// tunnels). Nothing there is excluded: the one place a key is meant to be, SecretStorage, lives in the browser's
// profile in the web workbench, not under the work folder.
// Keys are looked for as UTF-8 and as UTF-16LE (how Chromium and some stores keep strings). A hit names the file
// and line and the key's name, never the key.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Collects everything written to stdout and stderr from now on (and still writes it), for the scan at the end. */
export function captureOutput() {
  const chunks = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = (chunk, ...rest) => {
      chunks.push(Buffer.from(chunk));
      return write(chunk, ...rest);
    };
  }
  return () => Buffer.concat(chunks);
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // Symbolic links are not followed: what they point to lies outside the run's folder.
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

/** Where `needle` occurs in `bytes`, as 1-based line numbers (counted in the encoding of the needle). */
function hitLines(bytes, needle, newline) {
  const lines = [];
  for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + needle.length)) {
    let line = 1;
    for (let nl = bytes.indexOf(newline); nl >= 0 && nl < at; nl = bytes.indexOf(newline, nl + newline.length)) line++;
    lines.push(line);
  }
  return lines;
}

function findKeys(bytes, keys) {
  const hits = [];
  for (const [name, key] of Object.entries(keys)) {
    for (const encoding of ['utf8', 'utf16le']) {
      for (const line of hitLines(bytes, Buffer.from(key, encoding), Buffer.from('\n', encoding)))
        hits.push({ name, encoding, line });
    }
  }
  return hits;
}

/**
 * Scans the captured output and every file under `roots` for `keys` ({name: key}). `log` names the extension's
 * log file, which must be among the files read (else the scan missed the logs and fails), and the request lines
 * in it, which are counted. Prints "key-leak scan: N files, N bytes, N hits (N logged requests read)" and each hit
 * as "key-leak: file:line: key <name> (<encoding>)". `mustRead` lists files that must have been scanned (the test
 * proxy's log and tunnel capture). Returns the number of problems: hits, no log file, or a file in `mustRead` unread.
 */
export function scanForKeys({ keys, roots, output, log, mustRead = [] }) {
  let files = 0;
  let bytes = output.length;
  let logFiles = 0;
  let requests = 0;
  const read = new Set();
  const hits = findKeys(output, keys).map((hit) => ({ ...hit, label: 'runner output' }));
  for (const root of roots) {
    if (!existsSync(root)) continue;
    for (const file of walk(root)) {
      const content = readFileSync(file);
      read.add(path.resolve(file));
      files++;
      bytes += content.length;
      const label = path.relative(process.cwd(), file);
      hits.push(...findKeys(content, keys).map((hit) => ({ ...hit, label })));
      if (log?.file.test(file)) {
        logFiles++;
        requests += content
          .toString('utf8')
          .split('\n')
          .filter((line) => log.request.test(line)).length;
      }
    }
  }
  const logged = log ? ` (${requests} logged requests read)` : '';
  const unread = mustRead.filter((file) => !read.has(path.resolve(file)));
  const required = mustRead.length ? `, ${mustRead.length - unread.length}/${mustRead.length} required files read` : '';
  process.stdout.write(`key-leak scan: ${files} files, ${bytes} bytes, ${hits.length} hits${logged}${required}\n`);
  for (const file of unread)
    process.stdout.write(`key-leak scan: ${path.relative(process.cwd(), file)} was not scanned\n`);
  for (const hit of hits)
    process.stdout.write(`key-leak: ${hit.label}:${hit.line}: key ${hit.name} (${hit.encoding})\n`);
  const missing = log && logFiles === 0 ? 1 : 0;
  if (missing)
    process.stdout.write(
      `key-leak scan: no file matching ${log.file} was found: the extension's log was not scanned\n`,
    );
  return hits.length + missing + unread.length;
}

/** The extension's LogOutputChannel file, and its request lines ("POST http://… → 200 in 12 ms (attempt 1/4)"). */
export const EXTENSION_LOG = {
  file: /Langdock Usage\.log$/,
  request: /\b(POST|GET) https?:\/\/\S+ → (\d{3}|failed \(\S+\)) in \d+ ms/,
};
