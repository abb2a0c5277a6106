import type { Command } from 'commander';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the HTTP server (same as npm start)')
    .option('--no-demo', 'start without demo data')
    .action(async (options: { demo: boolean }) => {
      if (!options.demo) process.argv.push('--no-demo');
      await import('../../main.ts');
    });
}
