/**
 * The local counterpart of a containerd shim: a tiny `sh` process between the runtime and each
 * container's process that kills the container's whole process group when its stdin (a pipe from the
 * runtime) closes, which happens however the runtime ends, kill -9 included. The container program
 * itself knows nothing of it (it gets /dev/null as stdin, as in an ECS container without
 * `interactive`). `sh` rather than a node script: a shim per task costs about a millisecond and a
 * megabyte instead of a second node process.
 *
 * The shim leads the process group the runtime signals; it traps TERM/INT/HUP (so a `docker stop`
 * SIGTERM reaches the container and the shim waits for it) and exits with the container's status
 * (128 + signal when a signal ended it, as Docker reports).
 *
 * Each container is its own session (the runtime spawns it detached), and where Linux groups the CPU
 * by session (autogroup, on by default on desktop distributions) a process's own niceness counts only
 * inside its session: every task would weigh as much as the whole runtime. So the shim lowers its
 * session's group to the container niceness too. Linux takes one such change per 100 ms from a
 * process without CAP_SYS_ADMIN; a start that meets that limit tries again in the background for two
 * seconds.
 */
function shimScript(niceness: number): string {
  return [
    `lower() { echo ${niceness} > /proc/self/autogroup; } 2>/dev/null`,
    // Only where the kernel has autogroups. The retry must not hold the container's stdout/stderr
    // open, or the runtime would wait for it.
    'if [ -w /proc/self/autogroup ] && ! lower; then ( i=0; while [ $i -lt 20 ] && ! lower; do sleep 0.1; i=$((i + 1)); done ) </dev/null >/dev/null 2>&1 & fi',
    ...SHIM_STEPS,
  ].join('\n');
}

const SHIM_STEPS = [
  'exec 3<&0 </dev/null',
  '"$@" 3<&- &',
  'child=$!',
  // The watchdog: EOF on the runtime's pipe means the runtime is gone; SIGKILL the whole group.
  "( trap '' TERM INT HUP; read -r _ <&3; kill -KILL 0 ) &",
  'watchdog=$!',
  'exec 3<&-',
  "trap ':' TERM INT HUP",
  'while :; do',
  '  wait "$child"; status=$?',
  '  kill -0 "$child" 2>/dev/null || break',
  'done',
  'kill -KILL "$watchdog" 2>/dev/null',
  'exit "$status"',
];

/** The shim's command line around a container's own, the container running `niceness` below the runtime. */
export function shimCommand(executable: string, args: readonly string[], niceness: number): { executable: string; args: string[] } {
  return { executable: '/bin/sh', args: ['-c', shimScript(niceness), 'sfn-ecs-shim', executable, ...args] };
}
