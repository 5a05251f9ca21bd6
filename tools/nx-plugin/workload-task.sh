#!/bin/sh
# The command of a workload's Nx target (project.json): packages/<workload>/bin/<mode> is a link to this file, and
# runs `tsx packages/<workload>/src/main.ts <mode> [flags]`. Nx answers `nx run <workload>:<mode> --help` with
# run-commands' options and then `<the command's first word> --help`: with this launcher as that word, the help
# that follows is the mode's own flags (not tsx's).
bin=$(dirname "$0")
exec "$bin/../../../node_modules/.bin/tsx" "$bin/../src/main.ts" "$(basename "$0")" "$@"
