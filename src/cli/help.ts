/** `--help` for the tool and each command. */

const COMMON = `The key comes only from the LANGDOCK_API_KEY environment variable (never a flag).
  --base-url URL   the API (default LANGDOCK_BASE_URL, else https://api.langdock.com;
                   dedicated deployments: https://<host>/api/public)
  --verbose        log each request (method, path, status, attempt) on stderr
HTTPS_PROXY / NO_PROXY and NODE_EXTRA_CA_CERTS are honoured.`;

const COST_SOURCE = `  --cost-source S     as the setting langdock.costSource: auto (default: Langdock's total_cost_usd
                      where present, else computed from tokens at the bundled list prices), calculate
                      (computed; Langdock's cost and "Computed − Langdock" beside it) or langdock`;

export const HELP: Readonly<Record<string, string>> = {
  main: `langdock-usage: Langdock usage exports, totals and reports from the command line

Usage: langdock-usage <command> [options]

Commands:
  export   one export: the CSV as downloaded, or its rows as JSON
  trend    one export per day, week or month, in long format
  totals   a CSV's per-entity totals, offline
  report   an HTML, Markdown, Excel, CSV or FOCUS report of a CSV, offline

langdock-usage <command> --help shows a command's options.

Exit codes: 0 done; 1 usage error (nothing sent); 2 key refused (401/403); 3 API or network failure after
retries; 4 a trend with missing periods (the rest written).`,
  export: `Usage: langdock-usage export --type T --from YYYY-MM-DD --to YYYY-MM-DD [options]

  --type T          models, users, agents, api-keys or projects
  --from, --to      the first and last day, both included
  --timezone Z      an IANA zone for the days (default: this computer's)
  --group-by G      source or deployment (models), model (users, agents, api-keys)
  -o FILE           where to write (default: a descriptive name in this folder, printed on stdout)
  --format F        csv (byte for byte as downloaded, default) or json (the rows)

${COMMON}`,
  trend: `Usage: langdock-usage trend --type T --granularity day|week|month --from D --to D -o FILE --format csv|json

  --type T          models, users, agents, api-keys or projects
  --granularity G   day, week or month: one export per period
  --from, --to      the first and last day, both included
  --timezone Z      an IANA zone for the days (default: this computer's)
  --group-by G      source or deployment (models), model (users, agents, api-keys)
  -o FILE           where to write the long format: one row per period × entity part
  --format F        csv or json
  --cache DIR       keep the periods there; a final period is fetched once

Exit code 4 when some periods could not be exported (the others are written, the missing ones named on stderr).

${COMMON}`,
  totals: `Usage: langdock-usage totals FILE.csv [--format json|csv|md] [--cost-source S]

Offline: the per-entity totals of an export as the extension's table shows them, with one Cost column.
  --format F          json (default: { exportType, columns, rows, grandTotal }, exact decimal text or
                      null), csv or md
${COST_SOURCE}`,
  report: `Usage: langdock-usage report --input FILE.csv --format html|md|xlsx|focus|csv -o FILE

Offline: the same report as the extension's "Save Report…".
  --input FILE        the export's CSV
  --format F          html (self-contained, prints cleanly), md (GFM tables), xlsx (Excel),
                      focus (FOCUS 1.2 cost dataset, CSV), csv (long format)
  -o FILE             where to write
  --min-group-size N  departments with fewer people fold into "Other" (default 5)
  --include-names     keep people's names and e-mail addresses (left out by default)
${COST_SOURCE}`,
};
