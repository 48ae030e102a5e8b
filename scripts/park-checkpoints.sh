#!/usr/bin/env bash
# Carry unfinished SIIT training over to another checkout or machine.
# Training checkpoints (case-<id>.checkpoint.pt beside a store entry) are ignored by git, so a
# fresh clone starts every unfinished case from step 0; the hardest cases need more hours than
# one sitting. `save` copies every checkpoint under the shipped store and stores/ into
# stores/checkpoints/ (tracked, same relative paths; earlier copies there are replaced, so a case
# accepted since is dropped); `restore` copies them back where `interpbench train` looks for
# them, leaving any checkpoint already in place alone. A checkpoint only resumes training with the
# same settings (its key); otherwise the trainer ignores it.
# Usage: bash scripts/park-checkpoints.sh save|restore
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
parked=stores/checkpoints
case "${1:-}" in
  save)
    rm -rf "$parked"
    find interpbench_harness/trained_models stores -path "$parked" -prune -o -name '*.checkpoint.pt' -print |
      while read -r file; do
        mkdir -p "$parked/$(dirname "$file")"
        cp -p "$file" "$parked/$file"
        echo "parked $file"
      done
    ;;
  restore)
    [ -d "$parked" ] || { echo "nothing parked in $parked"; exit 0; }
    (cd "$parked" && find . -name '*.checkpoint.pt' -print) | while read -r file; do
      file=${file#./}
      if [ -e "$file" ]; then
        echo "kept $file (already there)"
      else
        mkdir -p "$(dirname "$file")"
        cp -p "$parked/$file" "$file"
        echo "restored $file"
      fi
    done
    ;;
  *)
    echo "usage: bash scripts/park-checkpoints.sh save|restore" >&2
    exit 2
    ;;
esac
