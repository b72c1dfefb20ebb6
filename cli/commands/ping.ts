import type { Command } from 'commander';
import { ping } from '../../workflows/ping';
import { withTemporal, type CliOutput } from '../context';

export function registerPing(program: Command, out: () => CliOutput): void {
  program
    .command('ping')
    .description('run the ping workflow through Temporal and a worker (proves the plumbing)')
    .argument('[message]', 'text to echo', 'ping')
    .action(async (message: string) => {
      const result = await withTemporal((t) =>
        t.client.workflow.execute(ping, {
          taskQueue: t.taskQueue,
          workflowId: `ping:cli:${Date.now()}`,
          args: [message],
          workflowExecutionTimeout: '30 seconds',
        }),
      );
      out().print(`pong: "${result.message}" answered by ${result.answeredBy} (workflow ${result.workflowId})`, result);
    });
}
