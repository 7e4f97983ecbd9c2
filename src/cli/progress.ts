/** Progress on stderr, only when stderr is a terminal: a script's logs stay clean, its stdout is the result. */
export interface Progress {
  /** One line of what is happening ("Downloading… 1.2 MB"), replaced by the next. */
  status(text: string): void;
  /** A line of the client's log (each request's method, path, status and attempt), shown with --verbose. */
  log(line: string): void;
  /** Ends the status line. */
  done(): void;
}

export function terminalProgress(stream: NodeJS.WriteStream, verbose: boolean): Progress {
  const live = stream.isTTY === true;
  let shown = false;
  return {
    status(text) {
      if (!live) return;
      stream.write(`\r\u001b[2K${text}`);
      shown = true;
    },
    log(line) {
      if (!verbose) return;
      if (shown) stream.write('\r\u001b[2K');
      stream.write(`${line}\n`);
      shown = false;
    },
    done() {
      if (shown) stream.write('\r\u001b[2K');
      shown = false;
    },
  };
}
