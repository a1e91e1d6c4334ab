/**
 * CPU time per request, beside req/s: the app server's process and the local PostgreSQL server's
 * processes, read from /proc before and after a load run. Throughput on a shared two-core machine
 * moves with whatever else runs; the CPU a request costs moves much less, and it shows where the
 * time goes (app or database). Linux only: elsewhere, or with a database on another host, the
 * figures are left out.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'

const ticksPerSecond = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })
  const value = Number(out.stdout?.trim())
  return Number.isFinite(value) && value > 0 ? value : 100
})()

/** user + system CPU of one process (and its waited-for children), in ms; null when unreadable */
function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // fields after the command name (which may hold spaces) — utime is field 14 of stat(5)
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])
    return (ticks * 1000) / ticksPerSecond
  } catch {
    return null
  }
}

function postgresCpuMs(): number {
  let total = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue
    } catch {
      continue // the process ended meanwhile
    }
    total += processCpuMs(Number(entry)) ?? 0
  }
  return total
}

export interface CpuPerRequest {
  appMs?: number
  dbMs?: number
}

/** Starts counting; the returned function gives the CPU per request for `requests` requests. */
export function countCpu(serverPid: number | undefined, databaseUrl: string): (requests: number) => CpuPerRequest {
  if (!existsSync('/proc/self/stat')) return () => ({})
  const host = new URL(databaseUrl).hostname
  const localDatabase = host === '' || host === 'localhost' || host === '127.0.0.1' || host === '[::1]'
  const app0 = serverPid ? processCpuMs(serverPid) : null
  const db0 = localDatabase ? postgresCpuMs() : null
  return (requests) => {
    const app1 = serverPid ? processCpuMs(serverPid) : null
    const db1 = localDatabase ? postgresCpuMs() : null
    return {
      appMs: app0 !== null && app1 !== null && requests ? (app1 - app0) / requests : undefined,
      dbMs: db0 !== null && db1 !== null && requests ? (db1 - db0) / requests : undefined,
    }
  }
}
