/**
 * A serving command's last part: run until SIGINT or SIGTERM, then close the server and say
 * so (`serve` and `replay`).
 */

/**
 * Wait for SIGINT or SIGTERM, print that it is shutting down, close `server` and print
 * "stopped" once it has.
 */
export async function serveUntilSignal(
  server: { close(): Promise<void> },
  print: (line: string) => void,
): Promise<void> {
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      print(`${signal}: shutting down`);
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  print('stopped');
}
