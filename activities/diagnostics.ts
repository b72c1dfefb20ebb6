import { hostname } from 'node:os';

export interface DiagnosticsDeps {
  workerIdentity?: string;
}

/** Activities that only prove a worker is alive and reachable. */
export const createDiagnosticsActivities = (deps: DiagnosticsDeps = {}) => ({
  async echo(message: string): Promise<{ message: string; worker: string }> {
    return { message, worker: deps.workerIdentity ?? `${hostname()}:${process.pid}` };
  },
});
