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
 */
export const SHIM_SCRIPT = [
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
].join('\n');

/** The shim's command line around a container's own. */
export function shimCommand(executable: string, args: readonly string[]): { executable: string; args: string[] } {
  return { executable: '/bin/sh', args: ['-c', SHIM_SCRIPT, 'sfn-ecs-shim', executable, ...args] };
}
