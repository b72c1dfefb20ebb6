import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux); NaN
 * elsewhere or once the process is gone. Fields 14 and 15 count clock ticks of USER_HZ, which
 * the Linux ABI fixes at 100 per second for /proc.
 */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Named processes whose CPU use over a measured window is reported per unit of work. */
export type CpuParties = Record<string, () => number>;

export interface CpuShare {
  name: string;
  /** CPU milliseconds per unit of work over the window. */
  msPerUnit: number;
}

export interface CpuWindow {
  /** CPU ms per unit for each party, and the cores' ceiling: units/s if CPU were the only limit. */
  end(units: number): { shares: CpuShare[]; totalMsPerUnit: number; cores: number; ceilingPerSecond: number };
}

/**
 * Starts a window over the given parties (each a function returning CPU seconds so far). Why a
 * bench needs it: on a small machine the product, Temporal and the simulators share the cores,
 * so a throughput figure alone cannot say which of them a change made cheaper or dearer.
 */
export function startCpuWindow(parties: CpuParties): CpuWindow {
  const startedAt = Object.fromEntries(Object.entries(parties).map(([name, read]) => [name, read()]));
  return {
    end(units) {
      const shares = Object.entries(parties).map(([name, read]) => ({ name, msPerUnit: ((read() - startedAt[name]) * 1000) / units }));
      const totalMsPerUnit = shares.reduce((sum, s) => sum + s.msPerUnit, 0);
      const cores = availableParallelism();
      return { shares, totalMsPerUnit, cores, ceilingPerSecond: (cores * 1000) / totalMsPerUnit };
    },
  };
}

/** This process's own CPU seconds (user + system), on every platform. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
