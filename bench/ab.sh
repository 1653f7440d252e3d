#!/usr/bin/env bash
# ab.sh OLD BENCH COUNT OUT: the benchmarks of commit OLD and of the working
# tree, side by side. It builds ./bench's test binary at OLD (in a temporary
# git worktree) and in the working tree, runs the two COUNT times each in turns
# (old new, new old, old new, …: a slow drift of this shared machine's speed
# falls on both alike), each run one pass of the benchmarks matching BENCH
# with -benchmem, and writes OUT/old.txt and OUT/new.txt, then compares them
# with modcomp benchstat (which exits 1 on a regression). GOEXPERIMENT and the
# other go environment variables apply to both builds. Nothing is written
# under OUT until both files are complete; each appears by an atomic rename,
# and with flock(1) two runs into one OUT take turns there.
set -euo pipefail
if [ $# -ne 4 ]; then
	echo "usage: bench/ab.sh OLD BENCH COUNT OUT" >&2
	exit 2
fi
old=$1 bench=$2 count=$3 out=$(realpath -m -- "$4")
case $count in
'' | *[!0-9]* | 0) echo "ab.sh: COUNT must be a positive integer, got '$count'" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
rev=$(git rev-parse --verify --quiet "$old^{commit}") || { echo "ab.sh: $old is not a commit" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'git worktree remove --force "$tmp/tree" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git worktree add --detach --quiet "$tmp/tree" "$rev"
(cd "$tmp/tree" && go test -c -o "$tmp/old.test" ./bench)
go test -c -o "$tmp/new.test" ./bench
: >"$tmp/old.txt"
: >"$tmp/new.txt"
for i in $(seq 1 "$count"); do
	order="old new"
	if [ $((i % 2)) -eq 0 ]; then order="new old"; fi
	for b in $order; do
		(cd bench && "$tmp/$b.test" -test.run '^$' -test.bench "$bench" -test.benchmem -test.count 1 >>"$tmp/$b.txt")
	done
	echo "ab.sh: round $i of $count done" >&2
done
if ! grep -q '^Benchmark' "$tmp/new.txt"; then
	echo "ab.sh: no benchmark matches '$bench'" >&2
	exit 2
fi
mkdir -p "$out"
if command -v flock >/dev/null; then
	# One writer of OUT at a time, so that old.txt and new.txt are one run's
	# pair when benchstat reads them.
	exec 9>"$out/.ab.lock"
	flock 9
fi
for f in old new; do
	mv "$tmp/$f.txt" "$out/.$f.txt.$$" # the same file system as OUT: the rename below is atomic
	mv -f "$out/.$f.txt.$$" "$out/$f.txt"
done
echo "ab.sh: old ($old, $rev) and new (working tree) in $out" >&2
go run ./cmd/modcomp benchstat -old "$out/old.txt" -new "$out/new.txt"
