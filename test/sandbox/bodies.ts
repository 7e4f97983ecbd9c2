/** Bodies that are not the API's JSON: what storage, login walls and proxies send instead. */

export function s3Error(code: string, message: string, requestId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>\n`
  );
}

/** What a captive portal or an SSO wall answers in place of the file. */
export const LOGIN_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>
<body><form method="post" action="/login"><h1>Sign in to continue</h1>
<input name="user"><input name="password" type="password"><button>Sign in</button></form></body></html>
`;

export const PROXY_502_PAGE = `<html>
<head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body>
</html>
`;

export const NO_DATA = { error: 'No data found', message: 'No usage data found for the selected period' } as const;

export const TOO_LARGE_MESSAGE =
  'Export too large: 1500000 rows exceeds limit of 1000000. Please narrow the date range.';
