/**
 * The issuing thread's scheduling priority while a run is timed. On a machine whose every core the instances keep
 * busy, a thread that wakes to issue waits for a core unless the kernel prefers it, so:
 *   1. real time: SCHED_FIFO at ISSUE_RT_PRIORITY for the calling thread alone (its own tid, from
 *      /proc/thread-self, through util-linux `chrt -p`), where allowed (root or CAP_SYS_NICE, and a cgroup with a
 *      real-time budget) — a woken real-time thread runs at once, ahead of every normal thread;
 *   2. else a lower nice value for the calling thread (on Linux setpriority(0) is per thread), where allowed;
 *   3. else the normal priority, and the note says why.
 * The issuer never runs long while raised: it sleeps between issues (clock.ts busy-waits only the last
 * SPIN_TAIL_MS), and the kernel caps real-time threads (sched_rt_runtime_us) in any case. `restore` puts the old
 * policy back.
 */
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { findOnPath } from './pinning.ts';

/** How much the issuing thread's nice value is lowered while a run is timed (when real time is not allowed). */
export const ISSUE_NICE_STEP = 10;

/** The SCHED_FIFO priority of the issuing thread while timed (1–99; low: above every normal thread, below the
 * kernel's own real-time threads). */
export const ISSUE_RT_PRIORITY = 10;

export interface PriorityHost {
  /** the calling thread's kernel thread id (Linux), or undefined */
  threadId(): string | undefined;
  /** runs chrt with these arguments; false where it is missing or refused */
  chrt(args: string[]): boolean;
  getNice(): number;
  setNice(nice: number): void;
}

export const linuxPriorityHost: PriorityHost = {
  threadId: () => {
    try {
      // "<pid>/task/<tid>": sync fs calls run on the calling thread, so this is the issuing thread's own id
      return /\/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1];
    } catch {
      return undefined;
    }
  },
  chrt: (args) => {
    const chrt = findOnPath('chrt');
    if (!chrt) return false;
    try {
      execFileSync(chrt, args, { stdio: 'ignore', timeout: 5000 });
      return true;
    } catch {
      return false;
    }
  },
  getNice: () => getPriority(0),
  setNice: (nice) => setPriority(0, nice),
};

export interface RaisedPriority {
  note: string;
  restore(): void;
}

export function raiseIssuePriority(platform: string = process.platform, host: PriorityHost = linuxPriorityHost): RaisedPriority {
  if (platform !== 'linux') return { note: `normal (${platform}: a thread's priority cannot be raised alone)`, restore: () => undefined };
  const tid = host.threadId();
  if (tid !== undefined && host.chrt(['-f', '-p', String(ISSUE_RT_PRIORITY), tid])) {
    return {
      note: `real-time: the issuing thread (tid ${tid}) ran SCHED_FIFO ${ISSUE_RT_PRIORITY} while timed`,
      restore: () => void host.chrt(['-o', '-p', '0', tid]),
    };
  }
  const noRt = tid === undefined ? 'no thread id' : 'chrt missing or refused';
  let before: number;
  try {
    before = host.getNice();
    host.setNice(Math.max(-20, before - ISSUE_NICE_STEP));
  } catch {
    return { note: `normal (real time: ${noRt}; no permission to lower the issuing thread's nice value: root or CAP_SYS_NICE gives steadier issue times)`, restore: () => undefined };
  }
  return {
    note: `raised: the issuing thread's nice ${before} → ${host.getNice()} while timed (real time: ${noRt})`,
    restore: () => {
      try {
        host.setNice(before);
      } catch {
        // raising a nice value back up needs no privilege; nothing to do if it fails
      }
    },
  };
}

/** The priority this thread holds across runs (holdIssuePriority), if any: module state, so one per thread. */
let held: RaisedPriority | undefined;

/**
 * Raises the calling thread's priority now and keeps it until releaseIssuePriority: raiseIssuePriority then only
 * reports it. chrt is a child process, and forking one marks every page of this process copy-on-write, so the next
 * write to each (a call's staging buffer: 1,200 pages for 8 ResNet50 samples) takes a fault — about 18 ms in the first
 * timed call when the priority was raised as the timed phase began; held from before the warm-up, the warm-up takes them.
 */
export function holdIssuePriority(platform: string = process.platform, host: PriorityHost = linuxPriorityHost): RaisedPriority {
  if (!held) held = raiseIssuePriority(platform, host);
  return held;
}

/** Ends what holdIssuePriority raised (restoring the thread's priority); nothing when nothing is held. */
export function releaseIssuePriority(): void {
  const h = held;
  held = undefined;
  h?.restore();
}

/** The priority for one timed run: the held one (restored when released, not now), else raised for the run. */
export function priorityForRun(platform: string = process.platform, host: PriorityHost = linuxPriorityHost): RaisedPriority {
  return held ? { note: held.note, restore: () => undefined } : raiseIssuePriority(platform, host);
}
