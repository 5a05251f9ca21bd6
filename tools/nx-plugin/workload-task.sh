#!/bin/sh
# The command of a workload's Nx target (project.json): packages/<workload>/bin/<mode> is a link to this file, and
# runs `node --import tsx packages/<workload>/src/main.ts <mode> [flags]` — the README's direct entry: one process
# (not tsx's CLI, which starts a second node to run the script: ~0.5 s of CPU more per task, and a SIGTERM sent to it
# does not reach the benchmark), so Ctrl-C and `kill -TERM` reach the benchmark itself. tsx's loader is named by its
# absolute path, so the task works from any working directory. Nx answers `nx run <workload>:<mode> --help` with
# run-commands' options and then `<the command's first word> --help`: with this launcher as that word, the help that
# follows is the mode's own flags (not node's).
bin=$(dirname "$0")
root=$(cd "$bin/../../.." && pwd)
exec node --import "$root/node_modules/tsx/dist/loader.mjs" "$bin/../src/main.ts" "$(basename "$0")" "$@"
