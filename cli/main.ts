import { runCli } from './program';

export function main(argv: string[] = process.argv): void {
  runCli(argv).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) main();
