// Package bench holds modcomp's testing.B benchmarks: the two kernels per shape
// and path, one gradient-descent step and its element-wise update passes, a
// whole quick case, and the machine's float64 FMA peak that the kernels'
// GFLOP/s are quoted against. Run them with `make bench`; compare with a
// baseline with `make benchstat`, or with another commit's side by side (its
// test binary and this tree's run in turns) with `make benchab OLD=<commit>`,
// which runs ab.sh.
package bench
