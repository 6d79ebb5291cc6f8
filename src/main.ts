import { parseEmulatorArgs } from './emulator/cli.js';
import { startEmulator, type Emulator } from './emulator/server.js';

/**
 * The CLI. `emulator` runs the offline Feishu; `demo` (what `npm start` runs) is, until the
 * gateway lands, the emulator with demo data.
 */
async function main(argv: string[]): Promise<void> {
  const [command = 'demo', ...rest] = argv;
  if (command !== 'emulator' && command !== 'demo') throw new Error(`unknown command "${command}" (expected emulator or demo)`);
  const emulator = await startEmulator(parseEmulatorArgs(rest));
  console.log(`Feishu emulator listening on ${emulator.url} (app id ${emulator.rt.appId})`);
  stopOnSignals(emulator);
}

function stopOnSignals(emulator: Emulator): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: saving and stopping`);
    emulator.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(`error: ${err.message}`);
  process.exit(1);
});
