import { PassThrough } from 'node:stream';

type Io = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };
export type CliCommand = (args: string[], io: Io, env?: NodeJS.ProcessEnv) => Promise<number>;

/** Runs one of the `lianxin` sub-commands in-process and captures what it printed. */
export async function runCli(command: CliCommand, args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const code = await command(args, { stdout, stderr }, env);
  return { code, out: out.join(''), err: err.join('') };
}
