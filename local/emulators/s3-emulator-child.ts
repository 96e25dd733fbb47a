/**
 * Entry point of the S3 emulator child process (see `s3-emulator-process.ts`). Run with
 * `node --openssl-legacy-provider --import tsx`. Prints the ready line with the bound port and
 * shuts down when stdin closes, i.e. when the parent goes away.
 */
import * as z from 'zod';
import { startS3Emulator } from './s3-emulator.ts';
import { writeJsonLine } from './json-line-log.ts';
import { S3_EMULATOR_READY_PREFIX } from './s3-emulator-process.ts';

const ChildArgsSchema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65_535),
  directory: z.string().min(1).optional(),
});

async function main(): Promise<void> {
  const [host, port, directory] = process.argv.slice(2);
  const args = ChildArgsSchema.parse({ host, port, directory });
  const emulator = await startS3Emulator(args);
  process.stdout.write(`${S3_EMULATOR_READY_PREFIX} ${args.host} ${emulator.port}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => {
    emulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        writeJsonLine({ level: 'error', message: 'S3 emulator stop failed', error });
        process.exit(1);
      },
    );
  });
}

main().catch((error: unknown) => {
  writeJsonLine({ level: 'error', message: 'S3 emulator failed to start', error });
  process.exit(1);
});
