# modcomp — common tasks. GOEXPERIMENT=simd adds the kernel paths written with
# simd/archsimd (same bits; the assembly paths, the default, are in both builds);
# every target also works without it.
SIMD      ?= GOEXPERIMENT=simd
GO        ?= go
BENCH_OUT ?= reports/bench/current.txt
BASELINE  ?= reports/bench/baseline.txt
COUNT     ?= 6

.PHONY: all test test-generic suite bench benchstat benchab baseline report report-linear phase golden profile peer vet fuzz

all: vet test

vet:
	$(GO) vet ./...
	$(SIMD) $(GO) vet ./...

## test: the README's test command, with the SIMD kernels and without them.
test:
	$(SIMD) $(GO) test ./...
	$(GO) test ./...

## test-generic: the quick suite against golden/ with the plain Go kernels forced (slow).
test-generic:
	MODCOMP_KERNEL=generic $(GO) test -count=1 -timeout 45m ./cases -quick

## fuzz: every fuzz target for FUZZTIME each.
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./core/param -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME)
	$(GO) test ./core/param -run '^$$' -fuzz '^FuzzSet$$' -fuzztime $(FUZZTIME)
	$(GO) test ./cases/sweep -run '^$$' -fuzz '^FuzzParseGrid$$' -fuzztime $(FUZZTIME)
	$(GO) test ./cases/sweep -run '^$$' -fuzz '^FuzzMerge$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/filelock -run '^$$' -fuzz '^FuzzLocks$$' -fuzztime $(FUZZTIME)
	$(GO) test ./reports/benchcmp -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME)

## suite: the full seed suite (≥ 20 seeds per case); long.
suite:
	$(SIMD) $(GO) run ./cmd/modcomp suite -full

## golden: rewrite golden/*.json from fresh runs of the quick suite.
golden:
	$(SIMD) $(GO) test ./cases -quick -update

## bench: kernel, step and quick-case benchmarks into $(BENCH_OUT).
bench:
	@mkdir -p $(dir $(BENCH_OUT))
	$(SIMD) $(GO) test ./bench -run '^$$' -bench . -benchmem -count $(COUNT) -timeout 60m > $(BENCH_OUT).tmp
	mv $(BENCH_OUT).tmp $(BENCH_OUT)
	@echo wrote $(BENCH_OUT)

## benchstat: compare $(BENCH_OUT) with $(BASELINE); fails on a regression.
benchstat:
	$(GO) run ./cmd/modcomp benchstat -old $(BASELINE) -new $(BENCH_OUT)

## benchab: the benchmarks of commit OLD and of the working tree side by side:
## bench/ab.sh builds both test binaries and runs them in turns, COUNT passes
## each of the benchmarks matching BENCH, into $(AB_OUT)/old.txt and new.txt,
## then compares them with modcomp benchstat (exits 1 on a regression).
OLD    ?= HEAD
BENCH  ?= .
AB_OUT ?= reports/bench/ab
benchab:
	$(SIMD) bash bench/ab.sh '$(OLD)' '$(value BENCH)' $(COUNT) '$(AB_OUT)'

## baseline: make the current benchmark file the committed baseline.
baseline:
	cp $(BENCH_OUT) $(BASELINE)

## report: regenerate the suite table and figures docs/results.md shows (the
## phase diagram's sweeps first: make phase). The report reads the phase
## results this same target just wrote; writing the tracked tables and
## figures marks the checkout modified, so its build identity is no longer
## the phase results' and the report is told so with -force.
report: phase
	$(SIMD) $(GO) run ./cmd/modcomp suite -full -out reports
	$(SIMD) $(GO) run ./cmd/modcomp report -force -case paper -out reports/paper -phase reports/phase-diagram

## report-linear: the linear theory's full suite table and its report (the
## paper's Figures 3 and 5 redrawn; docs/linear.md shows them), 3 minutes.
report-linear:
	$(GO) run ./cmd/modcomp suite -theory linear -full -out reports
	$(GO) run ./cmd/modcomp report -case linear-late -seeds 4 -out reports/linear-theory

## phase: the phase diagram's sweeps (cases/grids/phase-*.json, resumable)
## and heatmaps into reports/phase-diagram.
phase:
	$(SIMD) $(GO) run ./cmd/modcomp phase -out reports/phase-diagram

## profile: CPU profile of the default case into cpu.prof.
profile:
	$(SIMD) $(GO) run ./cmd/modcomp run -cpuprofile cpu.prof
	@echo 'read it with: go tool pprof -top cpu.prof'

## peer: time the same joint step in PyTorch (needs python3-torch; not run by CI).
peer:
	bash bench/peer/compare.sh
